import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://polar.sh/docs/integrate/oauth2/introduction'
const CONNECT = 'https://polar.sh/docs/integrate/oauth2/connect'

// GET /v1/oauth2/userinfo: OpenID claims of the granted scopes.
const UserInfo = z.object({
  sub: z.string(),
  name: z.optional(z.nullable(z.string())),
  email: z.optional(z.string()),
  email_verified: z.optional(z.boolean()),
})

/**
 * Polar: OAuth 2.0 / OpenID Connect with PKCE, refresh tokens and RFC 7009 revocation. The
 * secret goes in the body (client_secret_post, the default authentication method of a client).
 */
export default defineProvider({
  id: 'polar',
  displayName: 'Polar',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://polar.sh/oauth2/authorize',
    token: 'https://api.polar.sh/v1/oauth2/token',
    revocation: 'https://api.polar.sh/v1/oauth2/revoke',
  },
  scopes: {
    supported: {
      openid: { description: 'OpenID Connect sign-in' },
      profile: { description: "The user's name" },
      email: { description: "The user's email address" },
      'user:read': { description: "Read the user's account" },
      'organizations:read': { description: "Read the user's organizations" },
      'organizations:write': { description: "Manage the user's organizations" },
      'products:read': { description: 'Read products' },
      'products:write': { description: 'Manage products' },
      'orders:read': { description: 'Read orders' },
      'subscriptions:read': { description: 'Read subscriptions' },
      'subscriptions:write': { description: 'Manage subscriptions' },
      'customers:read': { description: 'Read customers' },
      'customers:write': { description: 'Manage customers' },
      'benefits:read': { description: 'Read benefits' },
      'benefits:write': { description: 'Manage benefits' },
      'webhooks:read': { description: 'Read webhooks' },
      'webhooks:write': { description: 'Manage webhooks' },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    sub_type: {
      type: 'enum',
      values: ['user', 'organization'],
      description: 'Whether the token acts for the user or for one of their organizations',
    },
  },
  api: {
    baseUrl: 'https://api.polar.sh/v1',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/oauth2/userinfo',
        description: "The signed-in user's claims",
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo()
    const email = user.email ?? null
    return {
      id: user.sub,
      name: user.name ?? null,
      email,
      emailVerified: email !== null && user.email_verified === true,
      avatarUrl: null,
      raw: user,
    }
  },
  docs: {
    endpoints: CONNECT,
    scopes: OAUTH,
    clientAuth: CONNECT,
    pkce: CONNECT,
    authorizationParams: CONNECT,
    'api.operations.getUserInfo': 'https://polar.sh/docs/api-reference/oauth2/connect/get-user-info',
  },
})
