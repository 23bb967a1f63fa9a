import { defineGrant } from '../runtime/server/define-grant.js'

export default defineGrant({
  name: 'password',
  description: 'Resource owner password credentials (legacy first-party clients only, RFC 9700 §2.4)',
  rfc: 'RFC 6749 §4.3',
  engine: 'password',
  grantType: 'password',
  parameters: {
    username: { type: 'string', required: true },
    password: { type: 'string', required: true },
    scope: { type: 'scope', required: false },
  },
  clientAuthentication: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
  issuesRefreshToken: true,
  issuesIdToken: false,
  errors: ['invalid_request', 'invalid_grant', 'invalid_scope', 'unauthorized_client'],
})
