import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://shikimori.one/oauth'
const API = 'https://shikimori.one/api/doc/1.0/users/whoami'

const Image = z.object({
  x160: z.optional(z.string()),
  x148: z.optional(z.string()),
  x80: z.optional(z.string()),
  x64: z.optional(z.string()),
  x48: z.optional(z.string()),
  x32: z.optional(z.string()),
  x16: z.optional(z.string()),
})

// GET /api/users/whoami (the fields read here).
const User = z.object({
  id: z.number(),
  nickname: z.string(),
  avatar: z.nullable(z.string()),
  image: z.optional(Image),
  url: z.optional(z.string()),
  name: z.optional(z.nullable(z.string())),
  locale: z.optional(z.string()),
})

/**
 * Shikimori: OAuth 2.0 authorization code with the secret in the body and day-long tokens with
 * refresh. Every request must name the application in User-Agent.
 */
export default defineProvider({
  id: 'shikimori',
  displayName: 'Shikimori',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://shikimori.one/oauth/authorize',
    token: 'https://shikimori.one/oauth/token',
  },
  scopes: {
    supported: {
      user_rates: { description: "Modify the user's anime and manga lists" },
      messages: { description: "Read and send the user's messages" },
      comments: { description: 'Write comments' },
      topics: { description: 'Create topics and reviews' },
      content: { description: 'Modify the database' },
      clubs: { description: 'Join and leave clubs' },
      friends: { description: "Manage the user's friends" },
      ignores: { description: "Manage the user's ignore list" },
    },
    defaults: [],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://shikimori.one/api',
    // "User-Agent with your OAuth2 application name is required in all requests".
    headers: { 'User-Agent': 'authspec' },
    operations: {
      whoami: { method: 'GET', path: '/users/whoami', description: 'The signed-in user', response: User },
    },
  },
  profile: async ({ api }) => {
    const user = await api.whoami()
    return {
      id: String(user.id),
      name: user.nickname,
      // Shikimori gives apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: user.image?.x160 ?? user.avatar,
      raw: user,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: OAUTH,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.headers': 'https://shikimori.one/api/doc',
    'api.operations.whoami': API,
  },
})
