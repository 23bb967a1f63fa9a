import { defineGrant } from '../runtime/server/define-grant.js'

export default defineGrant({
  name: 'jwt_bearer',
  description: 'JWT bearer assertion as an authorization grant (jti required, each assertion used once)',
  rfc: 'RFC 7523 §2.1',
  engine: 'jwt_bearer',
  grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  parameters: {
    assertion: { type: 'string', required: true },
    scope: { type: 'scope', required: false },
  },
  clientAuthentication: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
  issuesRefreshToken: false,
  issuesIdToken: false,
  errors: ['invalid_request', 'invalid_grant', 'invalid_scope', 'unauthorized_client'],
})
