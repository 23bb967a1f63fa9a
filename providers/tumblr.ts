import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const API = 'https://www.tumblr.com/docs/en/api/v2'

const Blog = z.object({
  name: z.string(),
  title: z.string(),
  url: z.string(),
  primary: z.optional(z.boolean()),
})

// GET /v2/user/info: { user } inside the API's { meta, response } envelope.
const UserInfo = z.object({
  user: z.object({
    name: z.string(),
    likes: z.number(),
    following: z.number(),
    default_post_format: z.string(),
    blogs: z.array(Blog),
  }),
})

/**
 * Tumblr (OAuth 2.0): authorization code with the secret in the body; refresh tokens with
 * offline_access. A user is identified by their account name (Tumblr exposes no numeric id).
 */
export default defineProvider({
  id: 'tumblr',
  displayName: 'Tumblr',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.tumblr.com/oauth2/authorize',
    token: 'https://api.tumblr.com/v2/oauth2/token',
  },
  scopes: {
    supported: {
      basic: { description: "Read the user's account and blogs" },
      write: { description: 'Create and edit posts' },
      offline_access: { description: 'A refresh token' },
    },
    defaults: ['basic', 'offline_access'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://api.tumblr.com/v2',
    unwrap: 'response',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/user/info',
        description: "The user's account",
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const { user } = await api.getUserInfo()
    return {
      id: user.name,
      name: user.name,
      // Tumblr gives apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: null,
      raw: user,
    }
  },
  docs: {
    endpoints: `${API}#oauth2-authorization`,
    scopes: `${API}#oauth2-authorization`,
    clientAuth: `${API}#oauth2-authorization`,
    pkce: `${API}#oauth2-authorization`,
    'api.unwrap': `${API}#response-format`,
    'api.operations.getUserInfo': `${API}#userinfo--get-a-users-information`,
  },
})
