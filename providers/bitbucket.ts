import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://developer.atlassian.com/cloud/bitbucket/oauth-2'
const USERS = 'https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users'

const User = z.object({
  uuid: z.string(),
  account_id: z.optional(z.string()),
  username: z.optional(z.string()),
  nickname: z.optional(z.string()),
  display_name: z.string(),
  links: z.object({ avatar: z.optional(z.object({ href: z.string() })) }),
})

const Emails = z.object({
  values: z.array(z.object({ email: z.string(), is_primary: z.boolean(), is_confirmed: z.boolean() })),
})

/** Bitbucket Cloud OAuth 2.0 consumers: authorization code, Basic client auth, refresh. */
export default defineProvider({
  id: 'bitbucket',
  displayName: 'Bitbucket',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://bitbucket.org/site/oauth2/authorize',
    token: 'https://bitbucket.org/site/oauth2/access_token',
  },
  scopes: {
    supported: {
      account: { description: "Read the user's account information" },
      'account:write': { description: "Change the user's account settings" },
      email: { description: "Read the user's email addresses" },
      team: { description: 'Read the workspaces the user belongs to' },
      'team:write': { description: 'Manage workspace membership' },
      project: { description: 'Read projects' },
      'project:admin': { description: 'Administer projects' },
      repository: { description: 'Read repositories' },
      'repository:write': { description: 'Push to repositories' },
      'repository:admin': { description: 'Administer repositories' },
      'repository:delete': { description: 'Delete repositories' },
      pullrequest: { description: 'Read pull requests' },
      'pullrequest:write': { description: 'Create, comment on and merge pull requests' },
      issue: { description: 'Read issues' },
      'issue:write': { description: 'Create and change issues' },
      wiki: { description: 'Read and write wikis' },
      snippet: { description: 'Read snippets' },
      'snippet:write': { description: 'Create and change snippets' },
      webhook: { description: 'Read and manage webhooks' },
      pipeline: { description: 'Read pipelines' },
      'pipeline:write': { description: 'Run and stop pipelines' },
      'pipeline:variable': { description: 'Manage pipeline variables' },
      runner: { description: 'Read runners' },
      'runner:write': { description: 'Manage runners' },
    },
    defaults: ['account', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // The guide's token requests authenticate with "-u client_id:secret" (HTTP Basic); it
  // documents no PKCE.
  clientAuth: 'client_secret_basic',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://api.bitbucket.org/2.0',
    operations: {
      getCurrentUser: {
        method: 'GET',
        path: '/user',
        description: 'The signed-in user (account scope)',
        response: User,
      },
      listEmails: {
        method: 'GET',
        path: '/user/emails',
        description: "The user's email addresses (email scope)",
        response: Emails,
      },
    },
  },
  profile: async ({ api, tokens }) => {
    const user = await api.getCurrentUser()
    // /user carries no address: the primary one is in /user/emails, with its confirmation.
    const primary = tokens.scopes.includes('email')
      ? (await api.listEmails()).values.find((e) => e.is_primary)
      : undefined
    return {
      id: user.uuid,
      name: user.display_name,
      email: primary?.email ?? null,
      emailVerified: primary?.is_confirmed === true,
      avatarUrl: user.links.avatar?.href ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: `${OAUTH}#scopes`,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.operations.getCurrentUser': `${USERS}/#api-user-get`,
    'api.operations.listEmails': `${USERS}/#api-user-emails-get`,
  },
})
