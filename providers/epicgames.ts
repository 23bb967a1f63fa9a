import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const AUTH = 'https://dev.epicgames.com/docs/web-api-ref/authentication'
const SCOPES = 'https://dev.epicgames.com/docs/epic-account-services/getting-started#permissions'

// GET /epic/oauth/v2/userInfo: the account id and display name.
const UserInfo = z.object({
  sub: z.string(),
  preferred_username: z.optional(z.string()),
})

/**
 * Epic Games (Epic Account Services): OAuth 2.0 authorization code with HTTP Basic client
 * authentication, refresh tokens and RFC 7009 revocation. Epic gives apps no email address.
 */
export default defineProvider({
  id: 'epicgames',
  displayName: 'Epic Games',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.epicgames.com/id/authorize',
    token: 'https://api.epicgames.dev/epic/oauth/v2/token',
    revocation: 'https://api.epicgames.dev/epic/oauth/v2/revoke',
  },
  scopes: {
    supported: {
      basic_profile: { description: 'Account id and display name' },
      friends_list: { description: "The user's friends" },
      presence: { description: "The user's online presence" },
      country: { description: "The user's country" },
      openid: { description: 'An ID token' },
    },
    defaults: ['basic_profile'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_basic',
  pkce: 'unsupported',
  tokenResponse: {
    extraFields: { account_id: 'string', refresh_expires: 'number', application_id: 'string' },
  },
  api: {
    baseUrl: 'https://api.epicgames.dev/epic/oauth/v2',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/userInfo',
        description: "The signed-in account's id and display name",
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo()
    return {
      id: user.sub,
      name: user.preferred_username ?? null,
      email: null,
      emailVerified: false,
      avatarUrl: null,
      raw: user,
    }
  },
  docs: {
    endpoints: AUTH,
    scopes: SCOPES,
    clientAuth: AUTH,
    pkce: AUTH,
    'tokenResponse.extraFields': AUTH,
    'api.operations.getUserInfo': AUTH,
  },
})
