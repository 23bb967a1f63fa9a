import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const DOCS = 'https://docs.kick.com'
const FLOW = `${DOCS}/getting-started/generating-tokens-oauth2-flow`
const USERS = `${DOCS}/apis/users`

const User = z.object({
  user_id: z.number(),
  name: z.string(),
  // Only with the `user:read` scope, and only for the token's own user.
  email: z.optional(z.string()),
  profile_picture: z.optional(z.string()),
})

/**
 * Kick (OAuth 2.1 at id.kick.com): PKCE S256 required, the client's id and secret in the token
 * request body, refresh tokens, and a revocation endpoint that takes the token in the query
 * string (`revocation.body: 'query'`). The public API wraps answers in `{ data, message }`.
 */
export default defineProvider({
  id: 'kick',
  displayName: 'Kick',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://id.kick.com/oauth/authorize',
    token: 'https://id.kick.com/oauth/token',
  },
  scopes: {
    supported: {
      'user:read': { description: 'View user information in Kick including username, streamer ID, etc.' },
      'channel:read': {
        description: 'View channel information in Kick including description, category, etc.',
      },
      'channel:write': { description: 'Update livestream metadata for a channel based on the channel ID' },
      'channel:rewards:read': { description: 'Read Channel points rewards information on a channel' },
      'channel:rewards:write': {
        description: 'Read, add, edit and delete Channel points rewards on a channel',
      },
      'chat:write': { description: 'Send chat messages and allow chat bots to post in your chat' },
      'streamkey:read': { description: "Read a user's stream URL and stream key" },
      'events:subscribe': {
        description: 'Subscribe to all channel events on Kick (chat, follows, subscriptions)',
      },
      'moderation:ban': { description: 'Execute ban/unban actions on users' },
      'moderation:chat_message:manage': { description: 'Execute moderation actions on chat messages' },
      'kicks:read': { description: 'View KICKs related information in Kick, e.g. leaderboards' },
    },
    defaults: ['user:read'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['user:read'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'required',
  // POST /oauth/revoke?token=…&token_hint_type=…, no body.
  revocation: {
    method: 'POST',
    url: 'https://id.kick.com/oauth/revoke',
    auth: 'none',
    body: 'query',
    tokenParam: 'token',
  },
  api: {
    baseUrl: 'https://api.kick.com/public/v1',
    unwrap: 'data',
    operations: {
      getUsers: {
        method: 'GET',
        path: '/users',
        description: 'Users by id; without ids, the token’s own user',
        params: { id: { in: 'query', type: 'number', description: 'A user id to look up' } },
        // At least one user: the token's own when no id is given.
        response: z.tuple([User], User),
      },
    },
  },
  profile: async ({ api }) => {
    const [user] = await api.getUsers()
    return {
      id: String(user.user_id),
      name: user.name,
      email: user.email ?? null,
      // Kick does not say whether the address was verified.
      emailVerified: false,
      avatarUrl: user.profile_picture ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: FLOW,
    scopes: `${DOCS}/getting-started/scopes`,
    clientAuth: FLOW,
    pkce: FLOW,
    revocation: FLOW,
    'api.operations.getUsers': USERS,
  },
})
