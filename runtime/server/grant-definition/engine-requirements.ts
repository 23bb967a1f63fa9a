import type { GrantEngine } from './schema.js'

/** What an engine calls: hook name → the output type it expects (inputs are checked by the compiler). */
export interface EngineRequirement {
  grantType?: string
  responseType?: 'code' | 'token'
  /** True when `grantType` must be an extension URI rather than a fixed value. */
  uriGrantType?: boolean
  hooks: Readonly<Record<string, { input: Record<string, string>; output: string; rfc: string; doc: string }>>
}

const CLIENT = 'ClientRecord'

/**
 * Each engine's fixed grant/response type and the hooks it calls. The generated factory passes
 * the user's hooks to the engine, so a definition whose hook types do not fit fails to compile.
 */
export const ENGINE_REQUIREMENTS: Readonly<Record<GrantEngine, EngineRequirement>> = {
  authorization_code: {
    grantType: 'authorization_code',
    responseType: 'code',
    hooks: {
      authorizeRequest: {
        input: { client: CLIENT, scopes: 'readonly string[]', redirectUri: 'string' },
        output: 'boolean',
        rfc: 'RFC 6749 §4.1.1',
        doc: 'Whether this client may ask for these scopes (app policy); false answers access_denied.',
      },
      saveAuthorizationCode: {
        input: { record: 'AuthorizationCodeRecord', client: CLIENT },
        output: 'void',
        rfc: 'RFC 6749 §4.1.2',
        doc: 'Stores a new code record (keyed by codeHash) as given; the runtime already hashed the code.',
      },
      queryAuthorizationCode: {
        input: { codeHash: 'string', client: CLIENT },
        output: 'AuthorizationCodeRecord | undefined',
        rfc: 'RFC 6749 §4.1.3',
        doc: 'Loads the record saved for codeHash exactly as saved; undefined when unknown or deleted.',
      },
      deleteAuthorizationCode: {
        input: { record: 'AuthorizationCodeRecord' },
        output: 'void',
        rfc: 'RFC 6749 §4.1.2',
        doc: 'Deletes a code once it is exchanged (the runtime refuses a second use even if it stays).',
      },
      authenticateUser: {
        input: { sub: 'string', client: CLIENT, record: 'AuthorizationCodeRecord' },
        output: 'AuthenticatedUser | undefined',
        rfc: 'RFC 6749 §4.1.3',
        doc: 'The user behind the code at exchange time; undefined (user gone or disabled) answers invalid_grant.',
      },
    },
  },
  implicit: {
    responseType: 'token',
    hooks: {
      authorizeRequest: {
        input: { client: CLIENT, scopes: 'readonly string[]', redirectUri: 'string' },
        output: 'boolean',
        rfc: 'RFC 6749 §4.2.1',
        doc: 'Whether this client may ask for these scopes (app policy); false answers access_denied.',
      },
    },
  },
  password: {
    grantType: 'password',
    hooks: {
      authenticateUser: {
        input: { username: 'string', password: 'string', client: CLIENT },
        output: 'AuthenticatedUser | undefined',
        rfc: 'RFC 6749 §4.3.2',
        doc: 'Checks the resource owner credentials; undefined means they are wrong.',
      },
    },
  },
  client_credentials: {
    grantType: 'client_credentials',
    hooks: {
      authorizeClient: {
        input: { client: CLIENT, scopes: 'readonly string[]' },
        output: 'boolean',
        rfc: 'RFC 6749 §4.4.2',
        doc: 'Whether this client may get a token for these scopes now; false answers unauthorized_client.',
      },
    },
  },
  refresh_token: {
    grantType: 'refresh_token',
    hooks: {
      isGrantActive: {
        input: { client: CLIENT, sub: 'string | undefined', grantId: 'string' },
        output: 'boolean',
        rfc: 'RFC 6749 §6',
        doc: 'Whether the grant behind a refresh token still stands (user active, consent kept).',
      },
    },
  },
  device_code: {
    grantType: 'urn:ietf:params:oauth:grant-type:device_code',
    hooks: {
      authorizeClient: {
        input: { client: CLIENT },
        output: 'boolean',
        rfc: 'RFC 8628 §3.4',
        doc: 'Whether this device client may poll for tokens; false answers unauthorized_client.',
      },
    },
  },
  token_exchange: {
    grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
    hooks: {
      findSubjectTokenKeys: {
        input: { issuer: 'string', client: CLIENT },
        output: 'JSONWebKeySet | undefined',
        rfc: 'RFC 8693 §2.1',
        doc: 'Public keys of a trusted issuer of JWT subject tokens; undefined means not trusted.',
      },
      authorizeExchange: {
        input: {
          client: CLIENT,
          subject: 'SubjectToken',
          actor: 'SubjectToken | undefined',
          scopes: 'readonly string[]',
          audience: 'string | undefined',
        },
        output: 'boolean',
        rfc: 'RFC 8693 §2.2',
        doc: 'Whether this client may exchange the subject token for these scopes (app policy).',
      },
    },
  },
  jwt_bearer: {
    grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    hooks: {
      findIssuerKeys: {
        input: { issuer: 'string', client: CLIENT },
        output: 'JSONWebKeySet | undefined',
        rfc: 'RFC 7523 §3',
        doc: 'Public keys of a trusted assertion issuer; undefined means the issuer is not trusted.',
      },
      authorizeSubject: {
        input: { issuer: 'string', subject: 'string', client: CLIENT, scopes: 'readonly string[]' },
        output: 'AuthenticatedUser | undefined',
        rfc: 'RFC 7523 §3',
        doc: 'Maps the assertion subject to a local user; undefined answers invalid_grant.',
      },
    },
  },
  custom: {
    uriGrantType: true,
    hooks: {
      resolveGrant: {
        input: { client: CLIENT },
        output: 'GrantResolution | undefined',
        rfc: 'RFC 6749 §4.5',
        doc: 'Checks the grant parameters; returns the subject and scopes, or undefined for invalid_grant.',
      },
    },
  },
}
