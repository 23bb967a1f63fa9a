import { defineGrant } from '../runtime/server/define-grant.js'

export default defineGrant({
  name: 'token_exchange',
  description: 'Token exchange: trade a subject token (and actor token) for an access token',
  rfc: 'RFC 8693 §2',
  engine: 'token_exchange',
  grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
  parameters: {
    subject_token: { type: 'string', required: true },
    subject_token_type: { type: 'string', required: true },
    actor_token: { type: 'string', required: false },
    actor_token_type: { type: 'string', required: false },
    requested_token_type: { type: 'string', required: false },
    audience: { type: 'string', required: false },
    resource: { type: 'string', required: false },
    scope: { type: 'scope', required: false },
  },
  clientAuthentication: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
  issuesRefreshToken: false,
  issuesIdToken: false,
  errors: ['invalid_request', 'invalid_grant', 'invalid_scope', 'invalid_target', 'unauthorized_client'],
})
