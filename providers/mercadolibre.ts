import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://developers.mercadolibre.com.ar/en_us/authentication-and-authorization'

// GET /users/me (the fields read here).
const User = z.object({
  id: z.number(),
  nickname: z.string(),
  first_name: z.optional(z.string()),
  last_name: z.optional(z.string()),
  email: z.optional(z.string()),
  country_id: z.optional(z.string()),
  site_id: z.optional(z.string()),
  permalink: z.optional(z.string()),
})

/** The users API of the one account system behind Mercado Libre and Mercado Pago, on a host. */
export function mercadoApi(baseUrl: string) {
  return {
    baseUrl,
    operations: {
      getMe: { method: 'GET' as const, path: '/users/me', description: 'The signed-in user', response: User },
    },
  }
}

/**
 * Mercado Libre: OAuth 2.0 authorization code with PKCE, the secret in the body, six-hour access tokens
 * and single-use refresh tokens (with offline_access). Scopes are chosen in the application's
 * settings; the authorization URL carries none. The authorization host shown is the global one;
 * a country's own (auth.mercadolibre.com.ar…) is reached through endpointOverrides.
 */
export default defineProvider({
  id: 'mercadolibre',
  displayName: 'Mercado Libre',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://auth.mercadolibre.com/authorization',
    token: 'https://api.mercadolibre.com/oauth/token',
  },
  scopes: {
    supported: {
      offline_access: { description: 'A refresh token (set in the application settings)' },
      read: { description: 'GET access to the API (set in the application settings)' },
      write: { description: 'PUT, POST and DELETE access to the API (set in the application settings)' },
    },
    defaults: [],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  api: mercadoApi('https://api.mercadolibre.com'),
  profile: async ({ api }) => {
    const user = await api.getMe()
    const name = [user.first_name, user.last_name].filter((n) => n !== undefined && n !== '').join(' ')
    return {
      id: String(user.id),
      name: name === '' ? user.nickname : name,
      email: user.email ?? null,
      // The API does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: null,
      raw: user,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: OAUTH,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.operations.getMe': 'https://developers.mercadolibre.com.ar/en_us/user-products/consult-users',
  },
})
