import * as z from 'zod/mini'
import { OAuthError } from '../runtime/errors.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH_DOCS = 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps'

const User = z.object({
  id: z.number(),
  login: z.string(),
  name: z.nullable(z.string()),
  email: z.nullable(z.string()),
  avatar_url: z.string(),
  html_url: z.string(),
})

const Email = z.object({
  email: z.string(),
  primary: z.boolean(),
  verified: z.boolean(),
  visibility: z.nullable(z.string()),
})

/** GitHub's scopes, the same on github.com and Enterprise Server. */
export const GITHUB_SCOPES = {
  repo: { description: 'Full control of private and public repositories' },
  'repo:status': { description: 'Read and write commit statuses' },
  repo_deployment: { description: 'Access deployment statuses' },
  public_repo: { description: 'Read and write public repositories' },
  'repo:invite': { description: 'Accept or decline repository invitations' },
  security_events: { description: 'Read and write security events' },
  'admin:repo_hook': { description: 'Full control of repository hooks' },
  'write:repo_hook': { description: 'Write repository hooks' },
  'read:repo_hook': { description: 'Read repository hooks' },
  'admin:org': { description: 'Full control of organizations and teams' },
  'write:org': { description: 'Read and write organization membership' },
  'read:org': { description: 'Read organization membership and projects' },
  'admin:public_key': { description: 'Full control of public keys' },
  'write:public_key': { description: 'Write public keys' },
  'read:public_key': { description: 'Read public keys' },
  'admin:org_hook': { description: 'Full control of organization hooks' },
  gist: { description: 'Write gists' },
  notifications: { description: 'Read notifications' },
  user: { description: 'Read and write profile data' },
  'read:user': { description: 'Read profile data' },
  'user:email': { description: 'Read email addresses' },
  'user:follow': { description: 'Follow and unfollow users' },
  project: { description: 'Read and write projects' },
  'read:project': { description: 'Read projects' },
  delete_repo: { description: 'Delete repositories' },
  'write:packages': { description: 'Upload packages' },
  'read:packages': { description: 'Download packages' },
  'delete:packages': { description: 'Delete packages' },
  'admin:gpg_key': { description: 'Full control of GPG keys' },
  'write:gpg_key': { description: 'Write GPG keys' },
  'read:gpg_key': { description: 'Read GPG keys' },
  codespace: { description: 'Create and manage codespaces' },
  workflow: { description: 'Update GitHub Actions workflow files' },
} as const

/** The REST API operations, at api.github.com or an Enterprise Server's /api/v3. */
export function githubApi(baseUrl: string) {
  return {
    baseUrl,
    headers: {
      Accept: 'application/vnd.github+json',
      'User-Agent': 'authspec',
      'X-GitHub-Api-Version': '2022-11-28',
    },
    operations: {
      getAuthenticatedUser: {
        method: 'GET',
        path: '/user',
        description: 'The signed-in user',
        response: User,
      },
      listEmails: {
        method: 'GET',
        path: '/user/emails',
        description: 'Email addresses of the signed-in user (needs user:email)',
        params: {
          per_page: { in: 'query', type: 'number', description: 'Results per page (max 100)' },
          page: { in: 'query', type: 'number', description: 'Page number' },
        },
        response: z.array(Email),
      },
    },
  } as const
}

/** Revocation is GitHub's own endpoint (DELETE an app token; not RFC 7009), on the given API host. */
export function githubRevocation(apiBase: string) {
  return {
    method: 'DELETE',
    url: `${apiBase}/applications/{client_id}/token`,
    auth: 'client_secret_basic',
    body: 'json',
    tokenParam: 'access_token',
  } as const
}

/** GitHub OAuth apps and GitHub App user tokens. */
export default defineProvider({
  id: 'github',
  displayName: 'GitHub',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://github.com/login/oauth/authorize',
    token: 'https://github.com/login/oauth/access_token',
    device: 'https://github.com/login/device/code',
  },
  scopes: {
    supported: {
      ...GITHUB_SCOPES,
      // Announced with expiring OAuth app tokens; the scopes page in docs.github.com does not list it.
      offline_access: { description: 'An expiring (eight-hour) token and a refresh token, per request' },
    },
    defaults: ['read:user', 'user:email'],
    requestDelimiter: ' ',
    responseDelimiter: ',',
    emailScopes: ['user', 'user:email'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    login: { type: 'string', description: 'Suggests a specific account to sign in with' },
    allow_signup: {
      type: 'boolean',
      description: 'Whether unauthenticated users may sign up during the flow',
    },
    prompt: { type: 'enum', values: ['select_account'], description: 'Forces the account picker' },
  },
  tokenRequest: { acceptJson: true },
  tokenResponse: {
    formEncoded: true,
    errorsWithStatus200: true,
    extraFields: { refresh_token_expires_in: 'number' },
  },
  callback: { issuer: { value: 'https://github.com/login/oauth', required: false } },
  revocation: githubRevocation('https://api.github.com'),
  api: githubApi('https://api.github.com'),
  profile: async ({ api, tokens }) => {
    // GitHub Apps without the "Email addresses" permission get 403 (classic tokens 404): the
    // profile then keeps the public email rather than failing.
    const listEmailsIfAllowed = () =>
      api.listEmails().catch((err: unknown) => {
        if (err instanceof OAuthError && (err.status === 403 || err.status === 404)) return []
        throw err
      })
    const user = await api.getAuthenticatedUser()
    let email = user.email
    let emailVerified = false
    // /user shows only the public email; the primary verified one needs GET /user/emails.
    if (tokens.scopes.some((s) => s === 'user' || s === 'user:email')) {
      const primary = (await listEmailsIfAllowed()).find((e) => e.primary && e.verified)
      if (primary) {
        email = primary.email
        emailVerified = true
      }
    }
    return {
      id: String(user.id),
      name: user.name ?? user.login,
      email,
      emailVerified,
      avatarUrl: user.avatar_url,
      raw: user,
    }
  },
  docs: {
    'endpoints.authorization': OAUTH_DOCS,
    'endpoints.token': OAUTH_DOCS,
    'endpoints.device': `${OAUTH_DOCS}#device-flow`,
    scopes: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps',
    'scopes.supported.offline_access': 'https://github.com/orgs/community/discussions/204963',
    clientAuth: `${OAUTH_DOCS}#2-users-are-redirected-back-to-your-site-by-github`,
    pkce: `${OAUTH_DOCS}#1-request-a-users-github-identity`,
    authorizationParams: `${OAUTH_DOCS}#1-request-a-users-github-identity`,
    'tokenRequest.acceptJson': `${OAUTH_DOCS}#response`,
    'tokenResponse.formEncoded': `${OAUTH_DOCS}#response`,
    'tokenResponse.errorsWithStatus200':
      'https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors',
    'tokenResponse.extraFields':
      'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens',
    'callback.issuer': `${OAUTH_DOCS}#2-users-are-redirected-back-to-your-site-by-github`,
    revocation: 'https://docs.github.com/en/rest/apps/oauth-applications#delete-an-app-token',
    'api.headers':
      'https://docs.github.com/en/rest/using-the-rest-api/getting-started-with-the-rest-api#user-agent',
    'api.operations.getAuthenticatedUser':
      'https://docs.github.com/en/rest/users/users#get-the-authenticated-user',
    'api.operations.listEmails':
      'https://docs.github.com/en/rest/users/emails#list-email-addresses-for-the-authenticated-user',
  },
})
