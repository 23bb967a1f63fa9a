import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const DOCS = 'https://docs.patreon.com/'

/** The user fields the profile asks for (JSON:API sparse fieldsets return only those named). */
const USER_FIELDS = 'full_name,email,is_email_verified,image_url,vanity,url'

// GET /api/oauth2/v2/identity: the user resource inside JSON:API's { data }.
const User = z.object({
  id: z.string(),
  type: z.literal('user'),
  attributes: z.object({
    full_name: z.optional(z.string()),
    email: z.optional(z.string()),
    is_email_verified: z.optional(z.boolean()),
    image_url: z.optional(z.string()),
    vanity: z.optional(z.nullable(z.string())),
    url: z.optional(z.string()),
  }),
})

/** Patreon (API v2): OAuth 2.0 authorization code, the secret in the body, refresh tokens. */
export default defineProvider({
  id: 'patreon',
  displayName: 'Patreon',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.patreon.com/oauth2/authorize',
    token: 'https://www.patreon.com/api/oauth2/token',
  },
  scopes: {
    supported: {
      identity: { description: "The user's profile (/identity)" },
      'identity[email]': { description: "The user's email address" },
      'identity.memberships': { description: "The user's memberships" },
      campaigns: { description: "The user's campaigns, tiers and goals" },
      'w:campaigns.webhook': { description: "Manage webhooks on the user's campaigns" },
      'campaigns.members': { description: "Members of the user's campaigns" },
      'campaigns.members[email]': { description: "Members' email addresses" },
      'campaigns.members.address': { description: "Members' mailing addresses" },
      'campaigns.posts': { description: "Posts on the user's campaigns" },
    },
    defaults: ['identity', 'identity[email]'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['identity[email]'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://www.patreon.com/api/oauth2/v2',
    unwrap: 'data',
    operations: {
      getIdentity: {
        method: 'GET',
        // JSON:API sparse fieldsets: without fields[user] /identity returns no attributes. The
        // spec language takes only snake_case parameter names, so the fixed query is in the path.
        path: `/identity?${new URLSearchParams({ 'fields[user]': USER_FIELDS })}`,
        description: 'The signed-in user',
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getIdentity()
    const { attributes } = user
    return {
      id: user.id,
      name: attributes.full_name ?? attributes.vanity ?? null,
      email: attributes.email ?? null,
      emailVerified: attributes.email !== undefined && attributes.is_email_verified === true,
      avatarUrl: attributes.image_url ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: `${DOCS}#oauth`,
    scopes: `${DOCS}#scopes`,
    clientAuth: `${DOCS}#step-4-validating-receipt-of-the-oauth-token`,
    pkce: `${DOCS}#oauth`,
    'api.unwrap': `${DOCS}#get-api-oauth2-v2-identity`,
    'api.operations.getIdentity': `${DOCS}#get-api-oauth2-v2-identity`,
  },
})
