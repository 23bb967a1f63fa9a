import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://docs.anilist.co/guide/auth/authorization-code'

/** The GraphQL query the profile sends: the viewer's id, name and avatar. */
const VIEWER_QUERY = '{ Viewer { id name avatar { large medium } siteUrl } }'

// POST / answers { data: { Viewer: User } }; the User fields the query asks for.
const ViewerResponse = z.object({
  data: z.object({
    Viewer: z.object({
      id: z.number(),
      name: z.string(),
      avatar: z.nullable(z.object({ large: z.nullable(z.string()), medium: z.nullable(z.string()) })),
      siteUrl: z.string(),
    }),
  }),
})

/**
 * AniList: OAuth 2.0 authorization code without scopes; access tokens last a year and there
 * are no refresh tokens. The API is GraphQL.
 */
export default defineProvider({
  id: 'anilist',
  displayName: 'AniList',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://anilist.co/api/v2/oauth/authorize',
    token: 'https://anilist.co/api/v2/oauth/token',
  },
  scopes: { supported: {}, defaults: [], requestDelimiter: ' ', responseDelimiter: ' ' },
  // The token request carries client_id and client_secret in its body.
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  // Access tokens are valid for a year and there are no refresh tokens.
  refresh: 'unsupported',
  tokenRequest: { acceptJson: true },
  api: {
    baseUrl: 'https://graphql.anilist.co',
    operations: {
      queryViewer: {
        method: 'POST',
        path: '/',
        description: 'A GraphQL query; the profile asks for the viewer',
        // Not marked required so every operation can be called bare (the catalogue's mock run).
        params: { query: { in: 'body', type: 'string', description: 'The GraphQL query' } },
        body: 'json',
        response: ViewerResponse,
      },
    },
  },
  profile: async ({ api }) => {
    const { Viewer: viewer } = (await api.queryViewer({ query: VIEWER_QUERY })).data
    return {
      id: String(viewer.id),
      name: viewer.name,
      // AniList gives apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: viewer.avatar?.large ?? viewer.avatar?.medium ?? null,
      raw: viewer,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: 'https://docs.anilist.co/guide/auth/',
    clientAuth: OAUTH,
    pkce: OAUTH,
    refresh: OAUTH,
    'tokenRequest.acceptJson': OAUTH,
    'api.operations.queryViewer': 'https://docs.anilist.co/guide/auth/authenticated-requests',
  },
})
