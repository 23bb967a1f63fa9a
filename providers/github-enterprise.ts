import { defineProvider } from '../runtime/provider/define-provider.js'
import github, { GITHUB_SCOPES, githubApi, githubRevocation } from './github.js'

const GHES = 'https://docs.github.com/en/enterprise-server@latest'
const OAUTH_DOCS = `${GHES}/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps`

/**
 * GitHub Enterprise Server: GitHub's OAuth apps, scopes, REST API and quirks on the customer's own
 * instance. The web flow lives at http(s)://[hostname]/login/oauth/… and the REST API at
 * http(s)://[hostname]/api/v3 (not on an api. subdomain), so only the URLs differ from github.ts.
 */
function withoutDotcomOnly(docs: typeof github.docs) {
  const { 'scopes.supported.offline_access': _dotcomOnly, ...rest } = docs ?? {}
  return rest
}

export default defineProvider({
  ...github,
  id: 'github-enterprise',
  displayName: 'GitHub Enterprise Server',
  hosts: {
    host: {
      description: 'Host name of the GitHub Enterprise Server instance',
      example: 'github.example.com',
    },
  },
  endpoints: {
    authorization: 'https://{host}/login/oauth/authorize',
    token: 'https://{host}/login/oauth/access_token',
    device: 'https://{host}/login/device/code',
  },
  // offline_access was announced for github.com's expiring OAuth app tokens only.
  scopes: {
    supported: GITHUB_SCOPES,
    defaults: ['read:user', 'user:email'],
    requestDelimiter: ' ',
    responseDelimiter: ',',
    emailScopes: ['user', 'user:email'],
  },
  callback: { issuer: { value: 'https://{host}/login/oauth', required: false } },
  revocation: githubRevocation('https://{host}/api/v3'),
  api: githubApi('https://{host}/api/v3'),
  docs: {
    ...withoutDotcomOnly(github.docs),
    hosts: `${OAUTH_DOCS}#1-request-a-users-github-identity`,
    'endpoints.authorization': OAUTH_DOCS,
    'endpoints.token': OAUTH_DOCS,
    'endpoints.device': `${OAUTH_DOCS}#device-flow`,
    scopes: `${GHES}/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps`,
    'callback.issuer': `${OAUTH_DOCS}#2-users-are-redirected-back-to-your-site-by-github`,
    revocation: `${GHES}/rest/apps/oauth-applications#delete-an-app-token`,
    'api.baseUrl': `${GHES}/rest/using-the-rest-api/getting-started-with-the-rest-api`,
  },
})
