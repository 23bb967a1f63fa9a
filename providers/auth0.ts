import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const API = 'https://auth0.com/docs/api/authentication'
const SCOPES = 'https://auth0.com/docs/get-started/apis/scopes/openid-connect-scopes'

/**
 * Auth0, on the tenant's domain (`auth0({ domain: 'dev-abc.us.auth0.com', … })`): OpenID Connect
 * by discovery; the issuer is the domain with a trailing slash.
 */
export default defineProvider({
  id: 'auth0',
  displayName: 'Auth0',
  protocol: 'oidc',
  hosts: {
    domain: {
      description: 'Your Auth0 tenant domain (or custom domain)',
      example: 'dev-abc123.us.auth0.com',
    },
  },
  issuer: 'https://{domain}/',
  scopes: {
    supported: {
      openid: { description: 'An ID token (required for OpenID Connect)' },
      profile: { description: 'name, nickname, picture and the other profile claims' },
      email: { description: 'email and email_verified' },
      offline_access: { description: 'A refresh token (the API must allow offline access)' },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // Regular web applications default to "Post" (client_secret_post) in the application settings.
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    connection: { type: 'string', description: 'Sends the user straight to this connection (e.g. github)' },
    organization: { type: 'string', description: 'The organization id or name to log in to' },
    invitation: { type: 'string', description: 'An organization invitation ticket id' },
    prompt: { type: 'enum', values: ['none', 'login', 'consent'], description: 'Silent or forced login' },
  },
  // The profile is the ID token's claims with UserInfo's (GET https://{domain}/userinfo, whose
  // sub is checked against the ID token's): an API operation at the same URL would skip that check.
  profile: claimsProfile(['name', 'nickname']),
  docs: {
    hosts: 'https://auth0.com/docs/get-started/tenant-settings/find-your-tenant-name-or-tenant-id',
    issuer: 'https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery',
    scopes: SCOPES,
    clientAuth: 'https://auth0.com/docs/get-started/applications/confidential-and-public-applications',
    pkce: 'https://auth0.com/docs/get-started/authentication-and-authorization-flow/authorization-code-flow-with-pkce',
    authorizationParams: `${API}/login/authorize-application`,
  },
})
