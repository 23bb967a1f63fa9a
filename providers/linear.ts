import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://linear.app/developers/oauth-2-0-authentication'

/** The GraphQL query the profile sends: the viewer's id, names, email and avatar. */
const VIEWER_QUERY = '{ viewer { id name displayName email avatarUrl } }'

// POST /graphql answers { data: { viewer: User } }; the User fields the query asks for.
const ViewerResponse = z.object({
  data: z.object({
    viewer: z.object({
      id: z.string(),
      name: z.string(),
      displayName: z.string(),
      email: z.string(),
      avatarUrl: z.nullable(z.string()),
    }),
  }),
})

/**
 * Linear: OAuth 2.0 with comma-separated scopes in the request, PKCE, 24-hour access tokens with
 * rotating refresh tokens, RFC 7009 revocation, and a GraphQL API.
 */
export default defineProvider({
  id: 'linear',
  displayName: 'Linear',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://linear.app/oauth/authorize',
    token: 'https://api.linear.app/oauth/token',
    revocation: 'https://api.linear.app/oauth/revoke',
  },
  scopes: {
    supported: {
      read: { description: "Read access to the user's account (always granted)" },
      write: { description: "Write access to the user's account" },
      'issues:create': { description: 'Create issues and their attachments' },
      'comments:create': { description: 'Create issue comments' },
      'timeSchedule:write': { description: 'Create and modify time schedules' },
      admin: { description: 'Full access to admin-level endpoints' },
      'app:assignable': { description: 'The app can be assigned issues (actor=app)' },
      'app:mentionable': { description: 'The app can be mentioned (actor=app)' },
    },
    defaults: ['read'],
    // "Comma separated list of scopes"; the token response's scope is space-separated.
    requestDelimiter: ',',
    responseDelimiter: ' ',
    emailScopes: ['read'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    prompt: { type: 'enum', values: ['consent'], description: 'Shows the consent screen every time' },
    actor: {
      type: 'enum',
      values: ['user', 'app'],
      description: 'Whether changes are made as the user or as the application',
    },
  },
  api: {
    baseUrl: 'https://api.linear.app',
    operations: {
      queryViewer: {
        method: 'POST',
        path: '/graphql',
        description: 'A GraphQL query; the profile asks for the viewer',
        // Not marked required so every operation can be called bare (the catalogue's mock run);
        // Linear answers a missing query with a GraphQL error, which fails the call.
        params: { query: { in: 'body', type: 'string', description: 'The GraphQL query' } },
        body: 'json',
        response: ViewerResponse,
      },
    },
  },
  profile: async ({ api }) => {
    const { viewer } = (await api.queryViewer({ query: VIEWER_QUERY })).data
    return {
      id: viewer.id,
      name: viewer.name,
      email: viewer.email,
      // The API does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: viewer.avatarUrl,
      raw: viewer,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: OAUTH,
    clientAuth: OAUTH,
    pkce: OAUTH,
    authorizationParams: OAUTH,
    'api.operations.queryViewer': 'https://linear.app/developers/graphql',
  },
})
