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
  hooks: {
    authorizeRequest: {
      doc: 'Whether this client may ask for these scopes (app policy); false answers access_denied.',
      rfc: 'RFC 6749 §4.1.1',
      input: { client: 'ClientRecord', scopes: 'readonly string[]', redirectUri: 'string' },
      output: 'boolean',
    },
    saveAuthorizationCode: {
      doc: 'Stores a new code record (keyed by codeHash) as given; the runtime already hashed the code.',
      rfc: 'RFC 6749 §4.1.2',
      input: { record: 'AuthorizationCodeRecord', client: 'ClientRecord' },
      output: 'void',
    },
    queryAuthorizationCode: {
      doc: 'Loads the record saved for codeHash exactly as saved; undefined when unknown or deleted.',
      rfc: 'RFC 6749 §4.1.3',
      input: { codeHash: 'string', client: 'ClientRecord' },
      output: 'AuthorizationCodeRecord | undefined',
    },
    deleteAuthorizationCode: {
      doc: 'Deletes a code once it is exchanged (the runtime refuses a second use even if it stays).',
      rfc: 'RFC 6749 §4.1.2',
      input: { record: 'AuthorizationCodeRecord' },
      output: 'void',
    },
    authenticateUser: {
      doc: 'The user behind the code at exchange time; undefined (user gone or disabled) answers invalid_grant.',
      rfc: 'RFC 6749 §4.1.3',
      input: { sub: 'string', client: 'ClientRecord', record: 'AuthorizationCodeRecord' },
      output: 'AuthenticatedUser | undefined',
    },
  },
  errors: ['invalid_request', 'invalid_grant', 'unauthorized_client', 'access_denied', 'invalid_scope'],
})
