import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const DOCS = 'https://yandex.com/dev/id/doc/en'
const CODE = `${DOCS}/codes/code-url`
const USER_INFO = `${DOCS}/user-information`

// Fields per permission as listed in the response reference; every one but id and login
// depends on the login:* permissions the token carries.
const UserInfo = z.object({
  id: z.string(),
  login: z.string(),
  client_id: z.optional(z.string()),
  psuid: z.optional(z.string()),
  openid_identities: z.optional(z.array(z.string())),
  old_social_login: z.optional(z.string()),
  default_email: z.optional(z.nullable(z.string())),
  emails: z.optional(z.array(z.string())),
  first_name: z.optional(z.string()),
  last_name: z.optional(z.string()),
  display_name: z.optional(z.string()),
  real_name: z.optional(z.string()),
  sex: z.optional(z.nullable(z.string())),
  default_avatar_id: z.optional(z.string()),
  is_avatar_empty: z.optional(z.boolean()),
  birthday: z.optional(z.nullable(z.string())),
  default_phone: z.optional(z.object({ id: z.number(), number: z.string() })),
})

/** Yandex ID (Yandex OAuth): authorization code with optional PKCE, refresh, device tokens. */
export default defineProvider({
  id: 'yandex',
  displayName: 'Yandex ID',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://oauth.yandex.com/authorize',
    token: 'https://oauth.yandex.com/token',
  },
  scopes: {
    supported: {
      'login:info': { description: 'Username, first name, last name and gender' },
      'login:email': { description: 'Email address' },
      'login:avatar': { description: 'Profile picture' },
      'login:birthday': { description: 'Date of birth' },
      'login:default_phone': { description: 'Phone number for notifications' },
    },
    defaults: ['login:info', 'login:email', 'login:avatar'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['login:email'],
  },
  // Basic or client_id/client_secret in the body: "If Yandex OAuth receives the Authorization
  // header, the client_id and client_secret parameters in the request body are ignored."
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  authorizationParams: {
    device_id: { type: 'string', description: 'Device id (6-50 characters); makes a revocable device token' },
    device_name: { type: 'string', description: 'Device name shown to the user on the access page' },
    login_hint: { type: 'string', description: 'Username or email address of the expected account' },
    optional_scope: {
      type: 'string',
      description: 'Permissions the user may decline (space-separated)',
    },
    force_confirm: {
      type: 'enum',
      values: ['yes'],
      description: 'Asks for consent even when the user has already granted it',
    },
  },
  // Only tokens issued with device_id can be revoked; ordinary tokens are simply forgotten.
  revocation: {
    method: 'POST',
    url: 'https://oauth.yandex.com/revoke_token',
    auth: 'client_secret_basic',
    body: 'form',
    tokenParam: 'access_token',
  },
  api: {
    baseUrl: 'https://login.yandex.ru',
    // Yandex documents `Authorization: OAuth <token>` (a scheme the spec cannot name) or the
    // oauth_token query parameter; the spec follows the documented parameter.
    auth: { in: 'query', name: 'oauth_token' },
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/info',
        description: 'The signed-in user, fields per granted permission',
        params: {
          format: { in: 'query', type: 'string', description: 'json (default), xml or jwt' },
        },
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo({ format: 'json' })
    const avatar =
      user.default_avatar_id && user.is_avatar_empty !== true
        ? `https://avatars.yandex.net/get-yapic/${user.default_avatar_id}/islands-200`
        : null
    return {
      id: user.id,
      name: user.real_name || user.display_name || user.login,
      email: user.default_email ?? null,
      // Yandex does not say whether default_email was confirmed.
      emailVerified: false,
      avatarUrl: avatar,
      raw: user,
    }
  },
  docs: {
    'endpoints.authorization': CODE,
    'endpoints.token': CODE,
    scopes: `${DOCS}/register-client`,
    clientAuth: `${DOCS}/tokens/refresh-client`,
    pkce: CODE,
    authorizationParams: CODE,
    revocation: `${DOCS}/tokens/token-invalidate`,
    'api.auth': USER_INFO,
    'api.operations.getUserInfo': USER_INFO,
  },
})
