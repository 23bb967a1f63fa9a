import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://developer.dribbble.com/v2/oauth/'

// GET /v2/user (the fields read here).
const User = z.object({
  id: z.number(),
  name: z.string(),
  login: z.string(),
  html_url: z.string(),
  avatar_url: z.string(),
  bio: z.nullable(z.string()),
  location: z.nullable(z.string()),
  pro: z.boolean(),
  followers_count: z.number(),
  created_at: z.string(),
})

/** Dribbble: OAuth 2.0 authorization code with the secret in the body; tokens do not expire. */
export default defineProvider({
  id: 'dribbble',
  displayName: 'Dribbble',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://dribbble.com/oauth/authorize',
    token: 'https://dribbble.com/oauth/token',
  },
  scopes: {
    supported: {
      public: { description: "Read the user's public data (default)" },
      upload: { description: 'Upload, update and delete shots' },
    },
    defaults: ['public'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  // "Access tokens do not expire": there are no refresh tokens.
  refresh: 'unsupported',
  api: {
    baseUrl: 'https://api.dribbble.com/v2',
    operations: {
      getUser: { method: 'GET', path: '/user', description: 'The signed-in user', response: User },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUser()
    return {
      id: String(user.id),
      name: user.name,
      // Dribbble gives apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: user.avatar_url,
      raw: user,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: `${OAUTH}#scopes`,
    clientAuth: OAUTH,
    pkce: OAUTH,
    refresh: OAUTH,
    'api.operations.getUser': 'https://developer.dribbble.com/v2/user/',
  },
})
