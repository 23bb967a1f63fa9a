import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OIDC = 'https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/'
const SCOPES = 'https://developer.okta.com/docs/api/oauth2/#scopes'

/**
 * Okta, on the customer's own Okta domain (`okta({ domain: 'dev-123.okta.com', … })`): OpenID
 * Connect by discovery from the org authorization server, whose issuer is the domain itself.
 */
export default defineProvider({
  id: 'okta',
  displayName: 'Okta',
  protocol: 'oidc',
  hosts: {
    domain: { description: 'Your Okta domain (or custom domain)', example: 'dev-123456.okta.com' },
  },
  issuer: 'https://{domain}',
  scopes: {
    supported: {
      openid: { description: 'An ID token (required for OpenID Connect)' },
      profile: { description: 'Name, locale, zoneinfo and other profile claims' },
      email: { description: 'email and email_verified' },
      address: { description: 'Postal address' },
      phone: { description: 'phone_number' },
      groups: { description: "The user's groups (groups claim)" },
      offline_access: { description: 'A refresh token' },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  profile: claimsProfile(['name', 'preferred_username']),
  docs: {
    hosts: 'https://developer.okta.com/docs/guides/find-your-domain/main/',
    issuer: 'https://developer.okta.com/docs/concepts/auth-servers/#org-authorization-server',
    scopes: SCOPES,
    clientAuth: `${OIDC}#client-authentication-methods`,
    pkce: 'https://developer.okta.com/docs/guides/implement-grant-type/authcodepkce/main/',
  },
})
