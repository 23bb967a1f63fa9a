import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://id.vk.com/about/business/go/docs/ru/vkid/latest/oauth/oauth-mail/index'

// GET /userinfo (access_token as a query parameter).
const UserInfo = z.object({
  id: z.string(),
  client_id: z.optional(z.string()),
  name: z.optional(z.string()),
  first_name: z.optional(z.string()),
  last_name: z.optional(z.string()),
  nickname: z.optional(z.string()),
  email: z.optional(z.string()),
  gender: z.optional(z.string()),
  locale: z.optional(z.string()),
  birthday: z.optional(z.string()),
  image: z.optional(z.string()),
})

/**
 * Mail.ru (OAuth Mail, now documented under VK ID): OAuth 2.0 authorization code with PKCE and
 * refresh tokens; UserInfo
 * takes the access token as a query parameter.
 */
export default defineProvider({
  id: 'mail-ru',
  displayName: 'Mail.ru',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://oauth.mail.ru/login',
    token: 'https://oauth.mail.ru/token',
  },
  scopes: {
    supported: {
      userinfo: { description: "The user's name, email, gender, birthday and avatar" },
      'mail.imap': { description: 'IMAP access to the mailbox with XOAUTH2 (only together with userinfo)' },
    },
    defaults: ['userinfo'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['userinfo'],
  },
  clientAuth: 'client_secret_post',
  // The authorization request takes code_challenge and code_challenge_method (RFC 7636).
  pkce: 'supported',
  api: {
    baseUrl: 'https://oauth.mail.ru',
    auth: { in: 'query', name: 'access_token' },
    errorShape: { field: 'error', code: 'error', message: 'error_description' },
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/userinfo',
        description: "The user's profile",
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo()
    return {
      id: user.id,
      name: user.name ?? user.nickname ?? null,
      email: user.email ?? null,
      // The API does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: user.image ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: OAUTH,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.auth': OAUTH,
    'api.errorShape': OAUTH,
    'api.operations.getUserInfo': OAUTH,
  },
})
