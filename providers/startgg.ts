import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://developer.start.gg/docs/oauth/oauth-overview'

/** The GraphQL query the profile sends: the current user's id, names, email and images. */
const CURRENT_USER_QUERY = '{ currentUser { id slug name email player { gamerTag } images { type url } } }'

// POST /gql/alpha answers { data: { currentUser: User } }; the User fields the query asks for
// (`email` needs the user.email scope, else it is null).
const CurrentUserResponse = z.object({
  data: z.object({
    currentUser: z.object({
      id: z.number(),
      slug: z.string(),
      name: z.nullable(z.string()),
      email: z.nullable(z.string()),
      player: z.nullable(z.object({ gamerTag: z.string() })),
      images: z.array(z.object({ type: z.string(), url: z.string() })),
    }),
  }),
})

/**
 * start.gg: OAuth 2.0 authorization code with the client secret in the body, no PKCE, token
 * requests that repeat the scopes (`tokenRequest.sendScope`), refresh requests at their own
 * endpoint (`endpoints.refresh`), no revocation, and a GraphQL API.
 */
export default defineProvider({
  id: 'startgg',
  displayName: 'start.gg',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://start.gg/oauth/authorize',
    token: 'https://api.start.gg/oauth/access_token',
    refresh: 'https://api.start.gg/oauth/refresh',
  },
  scopes: {
    supported: {
      'user.identity': { description: "Read the user's identity (id, slug, gamer tag, images)" },
      'user.email': { description: "Read the user's email address" },
      'tournament.manager': { description: 'Manage the tournaments the user is an admin of' },
      'tournament.reporter': { description: 'Report sets in the tournaments the user is an admin of' },
    },
    defaults: ['user.identity', 'user.email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['user.email'],
    profileRequires: ['user.identity'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  // The token request lists the scopes again ("scope" among the parameters the token URL takes).
  tokenRequest: { sendScope: true },
  api: {
    baseUrl: 'https://api.start.gg',
    operations: {
      queryCurrentUser: {
        method: 'POST',
        path: '/gql/alpha',
        description: 'A GraphQL query; the profile asks for the current user',
        // Not required so every operation can be called bare (the catalogue's mock run).
        params: { query: { in: 'body', type: 'string', description: 'The GraphQL query' } },
        body: 'json',
        response: CurrentUserResponse,
      },
    },
  },
  profile: async ({ api }) => {
    const { currentUser: user } = (await api.queryCurrentUser({ query: CURRENT_USER_QUERY })).data
    return {
      id: String(user.id),
      name: user.player?.gamerTag ?? user.name,
      email: user.email,
      // start.gg does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: user.images.find((image) => image.type === 'profile')?.url ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: OAUTH,
    'endpoints.refresh': 'https://developer.start.gg/docs/oauth/refresh-token',
    'tokenRequest.sendScope': OAUTH,
    scopes: 'https://developer.start.gg/docs/oauth/scopes',
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.operations.queryCurrentUser': 'https://developer.start.gg/reference/user.doc',
  },
})
