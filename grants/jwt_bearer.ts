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
  hooks: {
    findIssuerKeys: {
      doc: 'Public keys of a trusted assertion issuer; undefined means the issuer is not trusted.',
      rfc: 'RFC 7523 §3',
      input: { issuer: 'string', client: 'ClientRecord' },
      output: 'JSONWebKeySet | undefined',
    },
    authorizeSubject: {
      doc: 'Maps the assertion subject to a local user; undefined answers invalid_grant.',
      rfc: 'RFC 7523 §3',
      input: { issuer: 'string', subject: 'string', client: 'ClientRecord', scopes: 'readonly string[]' },
      output: 'AuthenticatedUser | undefined',
    },
  },
  errors: ['invalid_request', 'invalid_grant', 'invalid_scope', 'unauthorized_client'],
})
