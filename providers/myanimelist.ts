import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const AUTH = 'https://myanimelist.net/apiconfig/references/authorization'
const USER = 'https://myanimelist.net/apiconfig/references/api/v2#operation/users_user_id_get'

// `picture`, `gender`, `birthday` and `location` are left out when the user has not set them.
const User = z.object({
  id: z.number(),
  name: z.string(),
  picture: z.optional(z.string()),
  gender: z.optional(z.string()),
  birthday: z.optional(z.string()),
  location: z.optional(z.string()),
  joined_at: z.string(),
  time_zone: z.optional(z.string()),
  is_supporter: z.optional(z.boolean()),
})

/**
 * MyAnimeList API v2. Its authorization server supports only the `plain` PKCE method, so the
 * challenge is the verifier itself (`pkceMethod: 'plain'`); PKCE is required. No scopes, no
 * revocation; access tokens are refreshed with the refresh token.
 */
export default defineProvider({
  id: 'myanimelist',
  displayName: 'MyAnimeList',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://myanimelist.net/v1/oauth2/authorize',
    token: 'https://myanimelist.net/v1/oauth2/token',
  },
  scopes: { supported: {}, defaults: [], requestDelimiter: ' ', responseDelimiter: ' ' },
  // "client_secret" in the body for web apps; apps registered as Android, iOS or other have none.
  clientAuth: 'client_secret_post',
  pkce: 'required',
  pkceMethod: 'plain',
  api: {
    baseUrl: 'https://api.myanimelist.net/v2',
    operations: {
      getMyUser: {
        method: 'GET',
        path: '/users/@me',
        description: 'The signed-in user',
        params: {
          fields: { in: 'query', type: 'string', description: 'Optional fields, comma-separated' },
        },
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getMyUser()
    return {
      id: String(user.id),
      name: user.name,
      // The API shares no email address.
      email: null,
      emailVerified: false,
      avatarUrl: user.picture ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: AUTH,
    scopes: AUTH,
    clientAuth: AUTH,
    pkce: AUTH,
    pkceMethod: AUTH,
    'api.operations.getMyUser': USER,
  },
})
