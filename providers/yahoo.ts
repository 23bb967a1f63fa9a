import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OIDC = 'https://developer.yahoo.com/oauth2/guide/openid_connect'

/** Yahoo: OpenID Connect by discovery (issuer https://api.login.yahoo.com). */
export default defineProvider({
  id: 'yahoo',
  displayName: 'Yahoo',
  protocol: 'oidc',
  issuer: 'https://api.login.yahoo.com',
  scopes: {
    supported: {
      openid: { description: 'Sign in with Yahoo (an ID token)' },
      email: { description: 'email and email_verified' },
      profile: { description: 'Name, nickname, locale, birthdate and profile pictures' },
      'sdps-r': { description: 'Read the Yahoo profile (Profiles API)' },
      'mail-r': { description: 'Read Yahoo Mail' },
      'fspt-r': { description: 'Read Yahoo Fantasy Sports' },
      'fspt-w': { description: 'Read and write Yahoo Fantasy Sports' },
    },
    defaults: ['openid', 'email', 'profile'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // The guide's token request sends "Authorization: Basic base64(client_id:client_secret)"; it
  // documents no PKCE and no revocation endpoint.
  clientAuth: 'client_secret_basic',
  pkce: 'unsupported',
  authorizationParams: {
    prompt: { type: 'enum', values: ['consent', 'login'], description: 'Re-consent or re-authenticate' },
    language: { type: 'string', description: 'Language of the login and consent pages (en-us)' },
  },
  // GET https://api.login.yahoo.com/openid/v1/userinfo, the discovery's userinfo_endpoint.
  profile: claimsProfile(['name', 'nickname']),
  docs: {
    issuer: `${OIDC}/`,
    scopes: `${OIDC}/#openid-connect-scopes`,
    clientAuth: `${OIDC}/#step-4-exchange-authorization-code-for-access-token`,
    pkce: `${OIDC}/`,
    authorizationParams: `${OIDC}/#step-2-get-an-authorization-url-and-authorize-access`,
  },
})
