import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const GUIDE = 'https://api.intra.42.fr/apidoc/guides/web_application_flow'

const Image = z.object({
  link: z.nullable(z.string()),
  versions: z.optional(
    z.object({
      large: z.nullable(z.string()),
      medium: z.nullable(z.string()),
      small: z.nullable(z.string()),
      micro: z.nullable(z.string()),
    }),
  ),
})

// GET /v2/me: the user's public record (the fields read here).
const User = z.object({
  id: z.number(),
  email: z.string(),
  login: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  usual_full_name: z.optional(z.string()),
  displayname: z.string(),
  url: z.string(),
  image: z.optional(Image),
})

/** 42 (the intranet of the 42 network): OAuth 2.0 authorization code, client secret in the body. */
export default defineProvider({
  id: 'fortytwo',
  displayName: '42',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://api.intra.42.fr/oauth/authorize',
    token: 'https://api.intra.42.fr/oauth/token',
  },
  scopes: {
    supported: {
      public: { description: 'Public data of the user (default)' },
      projects: { description: "Manage the user's projects" },
      profile: { description: "Manage the user's profile" },
      elearning: { description: 'E-learning data (videos…)' },
      tig: { description: 'Manage community services' },
      forum: { description: 'Manage forum topics and messages' },
    },
    defaults: ['public'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['public'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://api.intra.42.fr/v2',
    operations: {
      getMe: { method: 'GET', path: '/me', description: 'The signed-in user', response: User },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getMe()
    return {
      id: String(user.id),
      name: user.usual_full_name ?? user.displayname,
      email: user.email,
      // The API does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: user.image?.link ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: GUIDE,
    scopes: 'https://api.intra.42.fr/apidoc/guides/specification#scopes',
    clientAuth: GUIDE,
    pkce: GUIDE,
    'api.operations.getMe': 'https://api.intra.42.fr/apidoc/2.0/users/me.html',
  },
})
