import { defineGrant } from '../runtime/server/define-grant.js'

export default defineGrant({
  name: 'client_credentials',
  description: 'Client credentials for confidential clients acting on their own behalf',
  rfc: 'RFC 6749 §4.4',
  engine: 'client_credentials',
  grantType: 'client_credentials',
  parameters: {
    scope: { type: 'scope', required: false },
  },
  clientAuthentication: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
  issuesRefreshToken: false,
  issuesIdToken: false,
  errors: ['invalid_request', 'invalid_scope', 'unauthorized_client'],
})
