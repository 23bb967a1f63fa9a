import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const AUTH = 'https://developer.x.com/en/docs/authentication'

const User = z.object({
  id_str: z.string(),
  name: z.string(),
  screen_name: z.string(),
  profile_image_url_https: z.optional(z.nullable(z.string())),
  email: z.optional(z.nullable(z.string())),
})

/** X (Twitter) API v1.1 with OAuth 1.0a user context (three-legged "Log in with X"). */
export default defineProvider({
  id: 'x',
  displayName: 'X',
  protocol: 'oauth1',
  oauth1: {
    endpoints: {
      temporaryCredentials: 'https://api.x.com/oauth/request_token',
      authorization: 'https://api.x.com/oauth/authorize',
      tokenCredentials: 'https://api.x.com/oauth/access_token',
    },
    signatureMethod: 'HMAC-SHA1',
    placement: 'header',
  },
  // OAuth 1.0a has no scopes: what an app may do is set in its settings (read, write, DMs).
  scopes: { supported: {}, defaults: [], requestDelimiter: ' ', responseDelimiter: ' ' },
  clientAuth: 'none',
  pkce: 'unsupported',
  authorizationParams: {
    force_login: { type: 'boolean', description: 'Ask for the password even when the user is signed in' },
    screen_name: { type: 'string', description: 'Prefills the username field' },
  },
  api: {
    baseUrl: 'https://api.x.com/1.1',
    operations: {
      verifyCredentials: {
        method: 'GET',
        path: '/account/verify_credentials.json',
        description: 'The signed-in user',
        params: {
          include_email: {
            in: 'query',
            type: 'boolean',
            description: 'Return the email (the app needs the "Request email" permission)',
          },
          skip_status: { in: 'query', type: 'boolean', description: 'Leave out the latest post' },
        },
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.verifyCredentials({ include_email: true, skip_status: true })
    // X returns `email` only when the address is verified, and null otherwise.
    const email = user.email ?? null
    return {
      id: user.id_str,
      name: user.name || user.screen_name,
      email,
      emailVerified: email !== null,
      avatarUrl: user.profile_image_url_https ?? null,
      raw: user,
    }
  },
  docs: {
    'oauth1.endpoints': `${AUTH}/oauth-1-0a/obtaining-user-access-tokens`,
    'oauth1.endpoints.temporaryCredentials': `${AUTH}/api-reference/request_token`,
    'oauth1.endpoints.authorization': `${AUTH}/api-reference/authorize`,
    'oauth1.endpoints.tokenCredentials': `${AUTH}/api-reference/access_token`,
    'oauth1.signatureMethod': `${AUTH}/oauth-1-0a/creating-a-signature`,
    'oauth1.placement': `${AUTH}/oauth-1-0a/authorizing-a-request`,
    authorizationParams: `${AUTH}/api-reference/authorize`,
    'api.operations.verifyCredentials':
      'https://developer.x.com/en/docs/x-api/v1/accounts-and-users/manage-account-settings/api-reference/get-account-verify_credentials',
  },
})
