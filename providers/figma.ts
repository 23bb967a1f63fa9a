import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://developers.figma.com/docs/rest-api/oauth-apps/'
const SCOPES = 'https://developers.figma.com/docs/rest-api/scopes/'

// GET /v1/me: the User object with the email of the token's user (current_user:read).
const FigmaUser = z.object({
  id: z.string(),
  handle: z.string(),
  img_url: z.string(),
  email: z.string(),
})

/**
 * Figma: OAuth 2.0 with client credentials in a Basic header, PKCE, space-separated
 * scopes, and refresh requests at their own endpoint (`endpoints.refresh`), which answers an access
 * token and its lifetime only (the refresh token stays). Figma documents no revocation endpoint.
 */
export default defineProvider({
  id: 'figma',
  displayName: 'Figma',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.figma.com/oauth',
    token: 'https://api.figma.com/v1/oauth/token',
    refresh: 'https://api.figma.com/v1/oauth/refresh',
  },
  scopes: {
    supported: {
      'current_user:read': { description: 'Read your name, email, and profile image' },
      'file_comments:read': { description: 'Read the comments for files' },
      'file_comments:write': { description: 'Post and delete comments and comment reactions in files' },
      'file_content:read': { description: 'Read the contents of files, such as nodes and the editor type' },
      'file_dev_resources:read': { description: 'Read dev resources in files' },
      'file_dev_resources:write': { description: 'Write dev resources to files' },
      'file_metadata:read': { description: 'Read metadata of files' },
      'file_variables:read': { description: 'Read variables in files (Enterprise plan only)' },
      'file_variables:write': {
        description: 'Write variables and collections in files (Enterprise plan only)',
      },
      'file_versions:read': { description: 'Read the version history for files you can access' },
      'files:read': {
        description:
          'Deprecated: read files, projects, users, versions, comments, components, styles and webhooks',
      },
      'library_analytics:read': { description: 'Read library analytics data' },
      'library_assets:read': { description: 'Read data of individual published components and styles' },
      'library_content:read': { description: 'Read published components and styles of files' },
      'team_library_content:read': { description: 'Read published components and styles of teams' },
      'projects:read': { description: 'List projects and files in projects' },
      'webhooks:read': { description: 'Read metadata of webhooks' },
      'webhooks:write': { description: 'Create and manage webhooks' },
    },
    defaults: ['current_user:read'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['current_user:read'],
    profileRequires: ['current_user:read'],
  },
  // The token and refresh endpoints take the client id and secret in an HTTP Basic header.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  api: {
    baseUrl: 'https://api.figma.com/v1',
    operations: {
      getMe: {
        method: 'GET',
        path: '/me',
        description: 'The user the token belongs to',
        response: FigmaUser,
      },
    },
  },
  profile: async ({ api }) => {
    const me = await api.getMe()
    return {
      id: me.id,
      name: me.handle,
      email: me.email,
      // Figma does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: me.img_url,
      raw: me,
    }
  },
  docs: {
    endpoints: OAUTH,
    'endpoints.refresh': `${OAUTH}#refreshing-oauth-tokens`,
    scopes: SCOPES,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.operations.getMe': 'https://developers.figma.com/docs/rest-api/users-endpoints/#get-me',
  },
})
