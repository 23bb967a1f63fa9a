import { defineGrant } from '../runtime/server/define-grant.js'

export default defineGrant({
  name: 'implicit',
  description:
    'Implicit grant (discouraged by RFC 9700 §2.1.2; refused until a fragment response mode exists)',
  rfc: 'RFC 6749 §4.2',
  engine: 'implicit',
  responseType: 'token',
  parameters: {},
  clientAuthentication: ['none'],
  issuesRefreshToken: false,
  issuesIdToken: false,
  errors: ['unsupported_response_type', 'access_denied', 'invalid_scope'],
})
