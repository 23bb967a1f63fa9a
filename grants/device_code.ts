import { defineGrant } from '../runtime/server/define-grant.js'

export default defineGrant({
  name: 'device_code',
  description: 'Device authorization grant: the device polls while the user approves elsewhere',
  rfc: 'RFC 8628 §3.4',
  engine: 'device_code',
  grantType: 'urn:ietf:params:oauth:grant-type:device_code',
  extensions: ['openid'],
  parameters: {
    device_code: { type: 'string', required: true },
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
  errors: [
    'invalid_request',
    'invalid_grant',
    'authorization_pending',
    'slow_down',
    'expired_token',
    'access_denied',
  ],
})
