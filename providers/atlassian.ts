import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const THREE_LO = 'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps'

const Me = z.object({
  account_id: z.string(),
  account_type: z.optional(z.string()),
  email: z.optional(z.string()),
  email_verified: z.optional(z.boolean()),
  name: z.optional(z.string()),
  nickname: z.optional(z.string()),
  picture: z.optional(z.string()),
  account_status: z.optional(z.string()),
  locale: z.optional(z.string()),
  zoneinfo: z.optional(z.string()),
})

/**
 * Atlassian Cloud OAuth 2.0 (3LO) apps (Jira, Confluence): `audience` and `prompt=consent` on
 * every authorization request; refresh tokens need offline_access and rotate.
 */
export default defineProvider({
  id: 'atlassian',
  displayName: 'Atlassian',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://auth.atlassian.com/authorize',
    // Sources differ: the guide's examples post the token request as JSON, RFC 6749 §4.1.3 says
    // form-encoded. The spec follows the RFC (the only body the spec language sends); the live
    // endpoint's acceptance of it is not documented by Atlassian.
    token: 'https://auth.atlassian.com/oauth/token',
  },
  scopes: {
    supported: {
      'read:me': { description: "View the user's Atlassian account profile (/me)" },
      'read:account': { description: 'View active user profiles' },
      offline_access: { description: 'A refresh token (rotating)' },
      'read:jira-work': { description: 'Read Jira project and issue data' },
      'write:jira-work': { description: 'Create and edit issues, comments and attachments' },
      'read:jira-user': { description: 'View user information in Jira' },
      'manage:jira-project': { description: 'Create and edit project settings' },
      'manage:jira-configuration': { description: 'Configure Jira settings' },
      'manage:jira-webhook': { description: 'Register and manage Jira webhooks' },
      'read:confluence-content.all': { description: 'Read all Confluence content' },
      'read:confluence-content.summary': { description: 'Read a summary of Confluence content' },
      'write:confluence-content': { description: 'Create and update Confluence pages, blogs and comments' },
      'read:confluence-space.summary': { description: 'Read a summary of Confluence spaces' },
      'search:confluence': { description: 'Search Confluence content and space summaries' },
      'read:confluence-user': { description: 'View user information in Confluence' },
    },
    defaults: ['read:me', 'offline_access'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['read:me'],
  },
  // client_id and client_secret travel in the token request body; PKCE is not documented.
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  authorizationParams: {
    audience: {
      type: 'enum',
      values: ['api.atlassian.com'],
      description: 'The API the token is for; required, always api.atlassian.com',
      default: 'api.atlassian.com',
    },
    prompt: {
      type: 'enum',
      values: ['consent'],
      description: 'Required: shows the screen that asks the user to grant access',
      default: 'consent',
    },
  },
  api: {
    baseUrl: 'https://api.atlassian.com',
    operations: {
      getMe: {
        method: 'GET',
        path: '/me',
        description: "The user's account profile (read:me)",
        response: Me,
      },
    },
  },
  profile: async ({ api }) => {
    const me = await api.getMe()
    return {
      id: me.account_id,
      name: me.name ?? me.nickname ?? null,
      email: me.email ?? null,
      emailVerified: me.email_verified === true,
      avatarUrl: me.picture ?? null,
      raw: me,
    }
  },
  docs: {
    'endpoints.authorization': `${THREE_LO}/#1--direct-the-user-to-the-authorization-url-to-get-an-authorization-code`,
    'endpoints.token': `${THREE_LO}/#2--exchange-authorization-code-for-access-token`,
    scopes: 'https://developer.atlassian.com/cloud/jira/platform/scopes-for-oauth-2-3LO-and-forge-apps/',
    clientAuth: `${THREE_LO}/#2--exchange-authorization-code-for-access-token`,
    pkce: `${THREE_LO}/`,
    authorizationParams: `${THREE_LO}/#1--direct-the-user-to-the-authorization-url-to-get-an-authorization-code`,
    'api.operations.getMe':
      'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/#how-do-i-retrieve-the-public-profile-of-the-authenticated-user-',
  },
})
