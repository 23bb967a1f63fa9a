import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

// The classic flow's reference now lives in the VK ID documentation.
const FLOW = 'https://id.vk.com/about/business/go/docs/ru/vkid/latest/oauth-vkontakte/authcode-flow-user'

const User = z.object({
  id: z.number(),
  first_name: z.string(),
  last_name: z.string(),
  photo_200: z.optional(z.string()),
  screen_name: z.optional(z.string()),
})

/** VK (oauth.vk.com), the classic authorization code flow and the VK API. */
export default defineProvider({
  id: 'vk-legacy',
  displayName: 'VK (legacy OAuth)',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://oauth.vk.com/authorize',
    token: 'https://oauth.vk.com/access_token',
  },
  scopes: {
    supported: {
      notify: { description: 'Notifications from the app' },
      friends: { description: 'Friends' },
      photos: { description: 'Photos' },
      audio: { description: 'Audio' },
      video: { description: 'Videos' },
      stories: { description: 'Stories' },
      pages: { description: 'Wiki pages' },
      status: { description: 'Status' },
      notes: { description: 'Notes' },
      wall: { description: 'Wall' },
      ads: { description: 'Advertising API' },
      offline: { description: 'A token that does not expire (expires_in 0)' },
      docs: { description: 'Documents' },
      groups: { description: 'Communities' },
      notifications: { description: 'Notifications about responses' },
      stats: { description: 'Statistics' },
      email: { description: 'Email address (returned in the token response)' },
      market: { description: 'Market' },
      phone: { description: 'Phone number' },
    },
    defaults: ['email'],
    requestDelimiter: ',',
    responseDelimiter: ',',
    emailScopes: ['email'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  // Neither a refresh grant nor a revocation endpoint: a lasting token comes from the offline scope.
  refresh: 'unsupported',
  authorizationParams: {
    display: {
      type: 'enum',
      values: ['mobile', 'page', 'popup'],
      description: 'Look of the authorization page',
    },
    revoke: { type: 'enum', values: ['1'], description: '1 always shows the permission screen' },
    v: { type: 'string', description: 'API version, e.g. 5.131' },
  },
  tokenResponse: {
    defaultTokenType: 'bearer',
    extraFields: { user_id: 'number', email: 'string' },
    // With the offline scope the token does not expire and expires_in is 0.
    expiresIn: { zeroMeansNever: true },
  },
  api: {
    baseUrl: 'https://api.vk.com/method',
    query: { v: '5.131' },
    auth: { in: 'query', name: 'access_token' },
    unwrap: 'response',
    errorShape: { field: 'error', code: 'error.error_code', message: 'error.error_msg' },
    operations: {
      usersGet: {
        method: 'GET',
        path: '/users.get',
        description: 'Users by id; the signed-in user without user_ids',
        params: {
          user_ids: { in: 'query', type: 'string', description: 'Comma-separated user ids or screen names' },
          fields: { in: 'query', type: 'string', description: 'Extra fields, e.g. photo_200,screen_name' },
        },
        response: z.array(User),
      },
    },
  },
  profile: async ({ api, tokens }) => {
    const [user] = await api.usersGet({ fields: 'photo_200,screen_name' })
    const email = typeof tokens.raw['email'] === 'string' ? tokens.raw['email'] : null
    return {
      id: String(user?.id ?? tokens.raw['user_id']),
      name: user ? `${user.first_name} ${user.last_name}`.trim() : null,
      email,
      // VK hands out only confirmed addresses in the token response.
      emailVerified: email !== null,
      avatarUrl: user?.photo_200 ?? null,
      raw: user ?? {},
    }
  },
  docs: {
    endpoints: FLOW,
    scopes: 'https://dev.vk.com/ru/reference/access-rights',
    clientAuth: FLOW,
    pkce: FLOW,
    refresh: FLOW,
    authorizationParams: FLOW,
    'tokenResponse.defaultTokenType': FLOW,
    'tokenResponse.extraFields': FLOW,
    'tokenResponse.expiresIn': 'https://dev.vk.com/ru/reference/access-rights',
    api: 'https://dev.vk.com/ru/api/api-requests',
    'api.errorShape': 'https://dev.vk.com/ru/reference/errors',
    'api.operations.usersGet': 'https://dev.vk.com/ru/method/users.get',
  },
})
