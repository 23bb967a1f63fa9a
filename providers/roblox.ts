import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://create.roblox.com/docs/cloud/reference/oauth2'

// Claims as listed under GET /v1/userinfo: everything but sub needs the profile scope.
const UserInfo = z.object({
  sub: z.string(),
  name: z.optional(z.string()),
  nickname: z.optional(z.string()),
  preferred_username: z.optional(z.string()),
  created_at: z.optional(z.number()),
  profile: z.optional(z.string()),
  // Null until the avatar headshot has been generated, or when it was moderated.
  picture: z.optional(z.nullable(z.string())),
})

/** Roblox (Open Cloud OAuth 2.0): OpenID Connect by discovery, 15-minute access tokens. */
export default defineProvider({
  id: 'roblox',
  displayName: 'Roblox',
  protocol: 'oidc',
  // The discovery document's issuer ends with a slash.
  issuer: 'https://apis.roblox.com/oauth/',
  scopes: {
    supported: {
      openid: { description: 'An ID token with the Roblox user id' },
      profile: { description: 'Display name, username, profile URL and avatar headshot' },
    },
    defaults: ['openid', 'profile'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  // "All token endpoints support two types of client authentication": Basic or the body.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  authorizationParams: {
    prompt: {
      type: 'enum',
      values: ['none', 'login', 'consent', 'select_account'],
      description: 'Which authentication and consent pages are shown (some cannot be skipped)',
    },
  },
  api: {
    baseUrl: 'https://apis.roblox.com',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/oauth/v1/userinfo',
        description: 'Roblox user id and, with the profile scope, names and avatar',
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo()
    return {
      id: user.sub,
      name: user.name ?? user.preferred_username ?? null,
      // Roblox gives third-party apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: user.picture ?? null,
      raw: user,
    }
  },
  docs: {
    issuer: `${OAUTH}#get-well-knownopenid-configuration`,
    scopes: `${OAUTH}#get-v1authorize`,
    clientAuth: `${OAUTH}#token-exchange`,
    pkce: `${OAUTH}#get-v1authorize`,
    authorizationParams: `${OAUTH}#get-v1authorize`,
    'api.operations.getUserInfo': `${OAUTH}#get-v1userinfo`,
  },
})
