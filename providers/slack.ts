import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const SIWS = 'https://docs.slack.dev/authentication/sign-in-with-slack'

/** Sign in with Slack: OpenID Connect by discovery; Web API errors arrive with HTTP 200. */
export default defineProvider({
  id: 'slack',
  displayName: 'Slack',
  protocol: 'oidc',
  issuer: 'https://slack.com',
  scopes: {
    supported: {
      openid: { description: 'Sign in with Slack (an ID token)' },
      profile: { description: 'Name, picture, locale and workspace claims' },
      email: { description: 'email, email_verified and date_email_verified' },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // The discovery document lists client_secret_post and client_secret_basic; the guide's token
  // request (openid.connect.token) sends client_id and client_secret as form fields. Slack's
  // discovery names no code_challenge_methods_supported and the guide no PKCE.
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  authorizationParams: {
    team: { type: 'string', description: 'Workspace ID to sign in to, skipping the workspace picker' },
  },
  // Web API methods answer failures as {"ok": false, "error": "invalid_code"} with HTTP 200.
  tokenResponse: { errorsWithStatus200: true },
  revocation: {
    method: 'POST',
    url: 'https://slack.com/api/auth.revoke',
    auth: 'none',
    body: 'form',
    tokenParam: 'token',
  },
  // openid.connect.userInfo (the discovery's userinfo_endpoint) adds the workspace claims.
  profile: claimsProfile(),
  docs: {
    issuer: 'https://slack.com/.well-known/openid-configuration',
    scopes: `${SIWS}#request`,
    clientAuth: 'https://docs.slack.dev/reference/methods/openid.connect.token',
    pkce: 'https://slack.com/.well-known/openid-configuration',
    authorizationParams: `${SIWS}#request`,
    'tokenResponse.errorsWithStatus200': 'https://docs.slack.dev/apis/web-api/#responses',
    revocation: 'https://docs.slack.dev/reference/methods/auth.revoke',
  },
})
