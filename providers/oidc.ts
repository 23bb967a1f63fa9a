import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const CORE = 'https://openid.net/specs/openid-connect-core-1_0.html'

/** Any OpenID Connect issuer given at run time: Keycloak, Auth0, Okta, Azure AD… */
export default defineProvider({
  id: 'oidc',
  displayName: 'OpenID Connect',
  protocol: 'oidc',
  issuerAtRuntime: true,
  scopes: {
    supported: {
      openid: { description: 'An ID token (required for OpenID Connect)' },
      profile: { description: 'Name, picture, locale and other profile claims' },
      email: { description: 'email and email_verified' },
      address: { description: 'Postal address' },
      phone: { description: 'phone_number and phone_number_verified' },
      offline_access: { description: 'A refresh token usable while the user is away' },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
    allowUnlisted: true,
  },
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  authorizationParams: {
    prompt: {
      type: 'enum',
      values: ['consent', 'login', 'none', 'select_account'],
      description: 'Whether to re-authenticate or re-consent',
    },
    login_hint: { type: 'string', description: 'Identifier the user is expected to sign in with' },
    acr_values: { type: 'string', description: 'Requested authentication context classes' },
    ui_locales: { type: 'string', description: 'Preferred UI languages (BCP47, space-separated)' },
    display: { type: 'enum', values: ['page', 'popup', 'touch', 'wap'], description: 'How pages are shown' },
  },
  // Issuers differ; Azure AD's v1.0 endpoint sends expires_in as a JSON string ("3599").
  tokenResponse: { expiresIn: { asString: true } },
  // UserInfo adds what the ID token leaves out (some issuers put every claim there only);
  // its sub is checked against the ID token's.
  profile: claimsProfile(['name', 'preferred_username']),
  docs: {
    scopes: `${CORE}#ScopeClaims`,
    clientAuth: `${CORE}#ClientAuthentication`,
    pkce: 'https://www.rfc-editor.org/rfc/rfc7636',
    authorizationParams: `${CORE}#AuthRequest`,
    'tokenResponse.expiresIn':
      'https://learn.microsoft.com/en-us/previous-versions/azure/active-directory/azuread-dev/v1-protocols-openid-connect-code',
  },
})
