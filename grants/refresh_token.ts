import { defineGrant } from '../runtime/server/define-grant.js'

export default defineGrant({
  name: 'refresh_token',
  description: 'Refresh with rotation and reuse detection; scope can only narrow',
  rfc: 'RFC 6749 §6',
  engine: 'refresh_token',
  grantType: 'refresh_token',
  extensions: ['openid'],
  parameters: {
    refresh_token: { type: 'string', required: true },
    scope: { type: 'scope', required: false },
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
  errors: ['invalid_request', 'invalid_grant', 'invalid_scope', 'unauthorized_client'],
})
