import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const LOGIN = 'https://developers.kakao.com/docs/latest/en/kakaologin/rest-api'
const SCOPES = 'https://developers.kakao.com/docs/latest/en/kakaologin/utilize#scope-user'

const Profile = z.object({
  nickname: z.optional(z.string()),
  thumbnail_image_url: z.optional(z.string()),
  profile_image_url: z.optional(z.string()),
  is_default_image: z.optional(z.boolean()),
})

// GET /v2/user/me: kakao_account carries what the user consented to.
const User = z.object({
  id: z.number(),
  connected_at: z.optional(z.string()),
  kakao_account: z.optional(
    z.object({
      profile: z.optional(Profile),
      has_email: z.optional(z.boolean()),
      email: z.optional(z.string()),
      is_email_valid: z.optional(z.boolean()),
      is_email_verified: z.optional(z.boolean()),
    }),
  ),
})

/**
 * Kakao Login: OAuth 2.0 with comma-separated consent items as scopes, the client secret (when
 * enabled) in the body, and refresh tokens.
 */
export default defineProvider({
  id: 'kakao',
  displayName: 'Kakao',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://kauth.kakao.com/oauth/authorize',
    token: 'https://kauth.kakao.com/oauth/token',
  },
  scopes: {
    supported: {
      profile_nickname: { description: 'Nickname' },
      profile_image: { description: 'Profile image' },
      account_email: { description: 'Email address' },
      name: { description: 'Real name' },
      gender: { description: 'Gender' },
      age_range: { description: 'Age range' },
      birthday: { description: 'Birthday' },
      birthyear: { description: 'Birth year' },
      phone_number: { description: 'Phone number' },
      openid: { description: 'An ID token (OpenID Connect)' },
      friends: { description: 'Friends list (Kakao Talk)' },
      talk_message: { description: 'Send Kakao Talk messages' },
    },
    defaults: ['profile_nickname', 'profile_image', 'account_email'],
    // The REST API page: "multiple consent items separated by commas" (followed); Kakao's own SDKs
    // join them with spaces. The token response separates them by spaces.
    requestDelimiter: ',',
    responseDelimiter: ' ',
    emailScopes: ['account_email'],
  },
  clientAuth: 'client_secret_post',
  // The authorization request takes code_challenge and code_challenge_method (S256), as Kakao's SDKs send.
  pkce: 'supported',
  authorizationParams: {
    prompt: {
      type: 'enum',
      values: ['login', 'none', 'create', 'select_account'],
      description: 'Login behaviour',
    },
    login_hint: { type: 'string', description: 'Prefills the Kakao Account' },
  },
  tokenResponse: { extraFields: { refresh_token_expires_in: 'number' } },
  api: {
    baseUrl: 'https://kapi.kakao.com',
    operations: {
      getUser: { method: 'GET', path: '/v2/user/me', description: "The user's information", response: User },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUser()
    const account = user.kakao_account
    const email = account?.is_email_valid === false ? null : (account?.email ?? null)
    return {
      id: String(user.id),
      name: account?.profile?.nickname ?? null,
      email,
      emailVerified: email !== null && account?.is_email_verified === true,
      avatarUrl: account?.profile?.is_default_image ? null : (account?.profile?.profile_image_url ?? null),
      raw: user,
    }
  },
  docs: {
    endpoints: LOGIN,
    scopes: SCOPES,
    clientAuth: `${LOGIN}#request-token`,
    pkce: 'https://developers.kakao.com/sdk/reference/flutter/release/kakao_flutter_sdk_auth/AuthCodeClient/authorize.html',
    authorizationParams: `${LOGIN}#request-code`,
    'tokenResponse.extraFields': `${LOGIN}#request-token`,
    'api.operations.getUser': `${LOGIN}#req-user-info`,
  },
})
