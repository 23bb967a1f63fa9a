import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const LOGIN = 'https://developers.naver.com/docs/login/api/api.md'
const PROFILE = 'https://developers.naver.com/docs/login/profile/profile.md'

// GET /v1/nid/me: the member inside { resultcode, message, response }; each item only when consented.
const Member = z.object({
  id: z.string(),
  nickname: z.optional(z.string()),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  gender: z.optional(z.string()),
  age: z.optional(z.string()),
  birthday: z.optional(z.string()),
  profile_image: z.optional(z.string()),
  birthyear: z.optional(z.string()),
  mobile: z.optional(z.string()),
})

/**
 * Naver Login: OAuth 2.0 authorization code with the secret in the body and refresh tokens.
 * The profile items are chosen in the application's settings; the request carries no scopes.
 */
export default defineProvider({
  id: 'naver',
  displayName: 'Naver',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://nid.naver.com/oauth2.0/authorize',
    token: 'https://nid.naver.com/oauth2.0/token',
  },
  scopes: { supported: {}, defaults: [], requestDelimiter: ' ', responseDelimiter: ' ' },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  authorizationParams: {
    auth_type: { type: 'enum', values: ['reprompt'], description: 'Asks the user to consent again' },
  },
  api: {
    baseUrl: 'https://openapi.naver.com/v1',
    unwrap: 'response',
    operations: {
      getMe: { method: 'GET', path: '/nid/me', description: "The member's profile", response: Member },
    },
  },
  profile: async ({ api }) => {
    const member = await api.getMe()
    return {
      id: member.id,
      name: member.name ?? member.nickname ?? null,
      email: member.email ?? null,
      // The API does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: member.profile_image ?? null,
      raw: member,
    }
  },
  docs: {
    endpoints: LOGIN,
    scopes: PROFILE,
    clientAuth: LOGIN,
    pkce: LOGIN,
    authorizationParams: LOGIN,
    'api.unwrap': PROFILE,
    'api.operations.getMe': PROFILE,
  },
})
