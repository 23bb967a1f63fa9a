import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OIDC =
  'https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2'
const CODE = 'https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow'

/** Sign In with LinkedIn using OpenID Connect (the 2023 successor of r_liteprofile). */
export default defineProvider({
  id: 'linkedin',
  displayName: 'LinkedIn',
  protocol: 'oidc',
  issuer: 'https://www.linkedin.com/oauth',
  endpoints: { revocation: 'https://www.linkedin.com/oauth/v2/revoke' },
  scopes: {
    supported: {
      openid: { description: 'Authenticate the member with OpenID Connect (an ID token)' },
      profile: { description: "The member's id, name and profile picture" },
      email: { description: "The member's primary email address" },
      w_member_social: { description: 'Create, modify and delete posts on behalf of the member' },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // The access token request carries client_id and client_secret as form fields. PKCE is offered
  // to native clients only, by LinkedIn's approval, so a web client does not send it.
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  // GET https://api.linkedin.com/v2/userinfo, the discovery document's userinfo_endpoint.
  profile: claimsProfile(),
  docs: {
    issuer: `${OIDC}#validating-id-tokens`,
    'endpoints.revocation': 'https://learn.microsoft.com/en-us/linkedin/shared/authentication/revoke-tokens',
    scopes: `${OIDC}#authenticating-members`,
    clientAuth: `${CODE}#step-3-exchange-authorization-code-for-an-access-token`,
    pkce: 'https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow-native',
  },
})
