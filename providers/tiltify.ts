import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://developers.tiltify.com/docs/getting-started/authentication'

// GET /api/public/current-user: the user inside { data } (the fields read here).
const User = z.object({
  id: z.string(),
  username: z.string(),
  slug: z.string(),
  url: z.optional(z.string()),
  description: z.optional(z.nullable(z.string())),
  avatar: z.optional(
    z.object({
      src: z.string(),
      alt: z.optional(z.string()),
      height: z.optional(z.number()),
      width: z.optional(z.number()),
    }),
  ),
})

/** Tiltify (API v5): OAuth 2.0 authorization code, the secret in the body, refresh tokens. */
export default defineProvider({
  id: 'tiltify',
  displayName: 'Tiltify',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://v5api.tiltify.com/oauth/authorize',
    token: 'https://v5api.tiltify.com/oauth/token',
  },
  scopes: {
    supported: {
      public: { description: 'Public data, and the current user' },
      'webhooks:write': { description: 'Manage webhook subscriptions' },
    },
    defaults: ['public'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://v5api.tiltify.com/api/public',
    unwrap: 'data',
    operations: {
      getCurrentUser: {
        method: 'GET',
        path: '/current-user',
        description: 'The signed-in user',
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getCurrentUser()
    return {
      id: user.id,
      name: user.username,
      // Tiltify gives apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: user.avatar?.src ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: OAUTH,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.unwrap': 'https://developers.tiltify.com/api-reference/public/user/get-current-user',
    'api.operations.getCurrentUser':
      'https://developers.tiltify.com/api-reference/public/user/get-current-user',
  },
})
