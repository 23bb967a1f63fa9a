import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const DOCS = 'https://osu.ppy.sh/docs/index.html'

// GET /api/v2/me: the UserExtended object (the fields read here).
const User = z.object({
  id: z.number(),
  username: z.string(),
  avatar_url: z.string(),
  country_code: z.string(),
  is_active: z.boolean(),
  is_bot: z.boolean(),
  is_supporter: z.boolean(),
  join_date: z.optional(z.string()),
  playmode: z.optional(z.string()),
})

/** osu!: OAuth 2.0 authorization code with the secret in the body and refresh tokens. */
export default defineProvider({
  id: 'osu',
  displayName: 'osu!',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://osu.ppy.sh/oauth/authorize',
    token: 'https://osu.ppy.sh/oauth/token',
  },
  scopes: {
    supported: {
      public: { description: 'Read public data on behalf of the user' },
      identify: { description: "The user's public profile (/me); the default" },
      'friends.read': { description: "The user's friend list" },
      'chat.read': { description: 'Read chat messages' },
      'chat.write': { description: 'Send chat messages' },
      'chat.write_manage': { description: 'Join and leave chat channels' },
      'forum.write': { description: 'Create and edit forum posts' },
      'forum.write_manage': { description: 'Manage forum topics' },
      delegate: { description: 'Act as the client owner (client credentials only)' },
      group_permissions: { description: "The user's group permissions (approved clients)" },
    },
    defaults: ['identify'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://osu.ppy.sh/api/v2',
    operations: {
      getOwnData: { method: 'GET', path: '/me', description: 'The signed-in user', response: User },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getOwnData()
    return {
      id: String(user.id),
      name: user.username,
      // osu! gives apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: user.avatar_url,
      raw: user,
    }
  },
  docs: {
    endpoints: `${DOCS}#authorization-code-grant`,
    scopes: `${DOCS}#scopes`,
    clientAuth: `${DOCS}#authorization-code-grant`,
    pkce: `${DOCS}#authorization-code-grant`,
    'api.operations.getOwnData': `${DOCS}#get-own-data`,
  },
})
