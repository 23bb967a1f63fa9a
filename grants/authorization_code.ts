import { defineGrant } from '../runtime/server/define-grant.js'

export default defineGrant({
  name: 'authorization_code',
  description: 'Authorization code with PKCE (S256) and OpenID Connect ID tokens',
  rfc: 'RFC 6749 §4.1',
  engine: 'authorization_code',
  grantType: 'authorization_code',
  responseType: 'code',
  extensions: ['pkce', 'openid'],
  parameters: {
    code: { type: 'string', required: true },
    redirect_uri: { type: 'string', required: false, doc: 'required when the authorization request had one' },
    code_verifier: { type: 'string', required: false, doc: 'PKCE verifier (RFC 7636 §4.5)' },
  },
  clientAuthentication: [
    'client_secret_basic',
    'client_secret_post',
    'client_secret_jwt',
    'private_key_jwt',
    'none',
  ],
  issuesRefreshToken: true,
  issuesIdToken: true,
  errors: ['invalid_request', 'invalid_grant', 'unauthorized_client', 'access_denied', 'invalid_scope'],
})
