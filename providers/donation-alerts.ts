import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const API = 'https://www.donationalerts.com/apidoc'

// GET /api/v1/user/oauth: the user inside { data }.
const User = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  avatar: z.string(),
  email: z.string(),
  socket_connection_token: z.string(),
})

/** Donation Alerts: OAuth 2.0 authorization code, client secret in the body, refresh tokens. */
export default defineProvider({
  id: 'donation-alerts',
  displayName: 'Donation Alerts',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.donationalerts.com/oauth/authorize',
    token: 'https://www.donationalerts.com/oauth/token',
  },
  scopes: {
    supported: {
      'oauth-user-show': { description: "The user's profile" },
      'oauth-donation-subscribe': { description: 'Subscribe to new donation alerts' },
      'oauth-donation-index': { description: "List the user's donation alerts" },
      'oauth-custom_alert-store': { description: 'Send custom alerts' },
      'oauth-goal-subscribe': { description: 'Subscribe to donation goal updates' },
      'oauth-poll-subscribe': { description: 'Subscribe to poll updates' },
    },
    defaults: ['oauth-user-show'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['oauth-user-show'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://www.donationalerts.com/api/v1',
    unwrap: 'data',
    operations: {
      getUser: {
        method: 'GET',
        path: '/user/oauth',
        description: "The user's profile",
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUser()
    return {
      id: String(user.id),
      name: user.name,
      email: user.email,
      // The API does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: user.avatar,
      raw: user,
    }
  },
  docs: {
    endpoints: `${API}#authorization`,
    scopes: `${API}#authorization__scopes`,
    clientAuth: `${API}#authorization__authorization_code`,
    pkce: `${API}#authorization__authorization_code`,
    'api.unwrap': `${API}#api_v1__users__user_profile_information`,
    'api.operations.getUser': `${API}#api_v1__users__user_profile_information`,
  },
})
