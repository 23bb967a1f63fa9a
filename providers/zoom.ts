import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://developers.zoom.us/docs/integrations/oauth'
const ME = 'https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}'

const User = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.optional(z.string()),
  last_name: z.optional(z.string()),
  display_name: z.optional(z.string()),
  pic_url: z.optional(z.string()),
  type: z.number(),
  status: z.optional(z.string()),
  account_id: z.optional(z.string()),
  verified: z.optional(z.number()),
})

/** Zoom user-level OAuth apps: authorization code, optional PKCE, Basic client auth, revoke. */
export default defineProvider({
  id: 'zoom',
  displayName: 'Zoom',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://zoom.us/oauth/authorize',
    token: 'https://zoom.us/oauth/token',
  },
  // Granular scopes are chosen in the app's Marketplace settings; these are the user ones.
  scopes: {
    supported: {
      'user:read:user': { description: "View a user's information" },
      'user:read:email': { description: "View a user's email address" },
      'user:read:settings': { description: "View a user's settings" },
      'user:update:user': { description: "Update a user's information" },
      'meeting:read:meeting': { description: 'View a meeting' },
      'meeting:read:list_meetings': { description: "View a user's meetings" },
      'meeting:write:meeting': { description: 'Create a meeting for a user' },
      'meeting:update:meeting': { description: 'Update a meeting' },
      'meeting:delete:meeting': { description: 'Delete a meeting' },
      'cloud_recording:read:list_user_recordings': { description: "List a user's cloud recordings" },
    },
    defaults: ['user:read:user', 'user:read:email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['user:read:user', 'user:read:email'],
  },
  // "Authorization: Basic base64(client_id:client_secret)" on the token and revoke requests.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  revocation: {
    method: 'POST',
    url: 'https://zoom.us/oauth/revoke',
    auth: 'client_secret_basic',
    body: 'form',
    tokenParam: 'token',
  },
  api: {
    baseUrl: 'https://api.zoom.us/v2',
    operations: {
      getCurrentUser: {
        method: 'GET',
        path: '/users/me',
        description: 'The signed-in user (userId "me")',
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getCurrentUser()
    const name = user.display_name ?? [user.first_name, user.last_name].filter(Boolean).join(' ')
    return {
      id: user.id,
      name: name || null,
      email: user.email,
      // `verified` is the account's verification, not the address's: Zoom documents no email flag.
      emailVerified: false,
      avatarUrl: user.pic_url ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: `${OAUTH}/`,
    scopes: 'https://developers.zoom.us/docs/integrations/oauth-scopes-granular/',
    clientAuth: `${OAUTH}/#step-2-request-access-token`,
    pkce: `${OAUTH}/#using-pkce`,
    revocation: `${OAUTH}/#revoking-an-access-token`,
    'api.operations.getCurrentUser': ME,
  },
})
