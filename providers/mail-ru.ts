import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://oauth.mail.ru/docs'

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
 * Mail.ru (VK Group's Mail.ru ID): OAuth 2.0 authorization code with refresh tokens; UserInfo
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
    },
    defaults: ['userinfo'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['userinfo'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
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
      // Mail.ru addresses are mailboxes Mail.ru itself hosts; the API still does not say so.
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
