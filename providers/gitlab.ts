import * as z from 'zod/mini'
import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://docs.gitlab.com/api/oauth2/'
const OIDC = 'https://docs.gitlab.com/integration/openid_connect_provider/'

const User = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  avatar_url: z.nullable(z.string()),
  web_url: z.string(),
  email: z.optional(z.string()),
})

/**
 * GitLab.com or a self-managed GitLab (`gitlab({ host: 'gitlab.example.com', … })`): OpenID
 * Connect by discovery plus the REST API. Added as one spec file.
 */
export default defineProvider({
  id: 'gitlab',
  displayName: 'GitLab',
  protocol: 'oidc',
  hosts: {
    host: {
      description: 'Host of a self-managed GitLab instance',
      example: 'gitlab.example.com',
      default: 'gitlab.com',
    },
  },
  issuer: 'https://{host}',
  scopes: {
    supported: {
      api: { description: 'Full read/write access to the API' },
      read_api: { description: 'Read access to the API' },
      read_user: { description: "Read the authenticated user's profile" },
      read_repository: { description: 'Read private repositories' },
      write_repository: { description: 'Push to private repositories' },
      read_registry: { description: 'Pull container images' },
      write_registry: { description: 'Push container images' },
      sudo: { description: 'API calls as any user (admins)' },
      openid: { description: 'Sign in with OpenID Connect' },
      profile: { description: 'Profile claims in the ID token' },
      email: { description: 'Primary email in the ID token' },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  api: {
    baseUrl: 'https://{host}/api/v4',
    operations: {
      getCurrentUser: { method: 'GET', path: '/user', description: 'The signed-in user', response: User },
    },
  },
  profile: claimsProfile(['name', 'nickname']),
  docs: {
    hosts: 'https://docs.gitlab.com/integration/openid_connect_provider/',
    issuer: OIDC,
    scopes: 'https://docs.gitlab.com/integration/oauth_provider/#view-all-authorized-applications',
    clientAuth: `${OAUTH}#authorization-code-with-proof-key-for-code-exchange-pkce`,
    pkce: `${OAUTH}#authorization-code-with-proof-key-for-code-exchange-pkce`,
    'api.operations.getCurrentUser': 'https://docs.gitlab.com/api/users/#retrieve-the-current-user',
  },
})
