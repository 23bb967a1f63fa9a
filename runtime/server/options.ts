import { ArgumentError } from '../errors.js'
import { type KeyEncryptionKey, keyEncryptionKeyBytes } from '../storage/key-vault.js'
import type { Store } from '../storage/store.js'
import type { EndSessionRequest } from './endpoints/end-session.js'
import {
  type ClientIdMetadataDocumentOptions,
  clientIdMetadataDocuments,
} from './lib/client-id-metadata-document.js'
import { type IntrospectionOptions, introspectionRule } from './lib/introspection-policy.js'
import type { SigningKeys } from './lib/keys.js'
import { DEFAULT_MAX_BODY_BYTES } from './lib/params.js'
import { type ResourcesOption, resourcePolicies } from './lib/resource-indicator.js'
import { resolveEndpoints } from './routes.js'
import type {
  AuthenticatedUser,
  AuthorizationDecision,
  ConsentRequest,
  RegistrationPolicy,
  ServerContext,
  ServerEvent,
  UserClaims,
} from './types.js'

/** Options of `createAuthorizationServer`. */
export interface AuthorizationServerOptions {
  /** Issuer identifier: https URL (http only for loopback), no query or fragment. */
  issuer: string
  store: Store
  /** Signing keys for ID tokens; without them no OpenID Connect (no `id_token`, no userinfo). */
  keys?: SigningKeys | undefined
  /** Access token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number | undefined
  /**
   * Access token format: `opaque` (default; 256-bit random, stored hashed) or `jwt` (RFC 9068,
   * `typ: at+jwt`, signed with `keys`; a record keyed by its `jti` is stored so revocation and
   * introspection work).
   * A client's `accessTokenFormat` overrides it.
   */
  accessTokenFormat?: 'opaque' | 'jwt' | undefined
  /** `aud` of JWT access tokens requested without `resource`. Default: the issuer. */
  accessTokenAudience?: string | undefined
  /**
   * Resource indicators (RFC 8707): the resources clients may name with `resource` at the
   * authorization and token endpoints; a token's `aud` is then the resources it was requested
   * for, and any other `resource` gets `invalid_target`. Without it every `resource` is refused.
   */
  resources?: ResourcesOption | undefined
  /**
   * RP-initiated logout: called with the verified `id_token_hint` subject to end the app's
   * session; return a `Response` to answer yourself (e.g. to clear a cookie), or nothing to let the
   * server redirect or show a signed-out page. The endpoint is off without it.
   */
  endSession?: ((request: EndSessionRequest) => Promise<Response | undefined>) | undefined
  /**
   * Who may introspect which token (RFC 7662 §2.2, §4). Default: a client may introspect the
   * tokens issued to it, and a resource server the access tokens meant for it (its client id is
   * `accessTokenAudience` or in `resourceServers`); anyone else gets `{ "active": false }`, the
   * answer for an unknown token. `policy` may widen or narrow this; see `IntrospectionOptions`.
   */
  introspection?: IntrospectionOptions | undefined
  /**
   * Client ID Metadata Documents (the MCP authorization profile's preferred registration): a
   * `client_id` that is an https URL is fetched, with SSRF protection, and used as a public (or
   * `private_key_jwt`) client whose redirect URIs are those of the document; advertised as
   * `client_id_metadata_document_supported`. Off unless set; works beside `registration`.
   * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
   */
  clientIdMetadataDocuments?: ClientIdMetadataDocumentOptions | boolean | undefined
  /** Dynamic client registration (RFC 7591/7592); off unless set. */
  registration?: RegistrationPolicy | undefined
  /** Device flow (RFC 8628), used once `deviceCodeGrant()` is registered. */
  device?:
    | {
        /** Device code lifetime in seconds. Default 600. */
        ttl?: number | undefined
        /** Minimum polling interval in seconds. Default 5. */
        interval?: number | undefined
        /** The page where users enter the user code. Default `<issuer>/device`. */
        verificationUri?: string | undefined
      }
    | undefined
  /** Refresh token lifetime in seconds. Default 14 days. */
  refreshTokenTtl?: number | undefined
  /** Authorization code lifetime in seconds, at most 60. Default 60. */
  authorizationCodeTtl?: number | undefined
  /** ID token lifetime in seconds. Default 3600. */
  idTokenTtl?: number | undefined
  /** Default `openid profile email address phone offline_access`. */
  scopesSupported?: readonly string[] | undefined
  /** PKCE policy. Default: S256 required for every client, `plain` refused. */
  pkce?: { requiredFor?: 'all' | 'public' | undefined; allowPlain?: boolean | undefined } | undefined
  /**
   * Looks up an end-user's claims for ID tokens and userinfo, given the granted scopes (the server
   * still releases only the claims those scopes and the `claims` request allow). Default: only `sub`.
   */
  findUserClaims?: ((sub: string, scopes: readonly string[]) => Promise<UserClaims | undefined>) | undefined
  /**
   * Called by the routed authorization endpoint with a validated request: return the decision,
   * or a `Response` (a login or consent page) to show instead.
   */
  authorize?:
    | ((consent: ConsentRequest, request: Request) => Promise<AuthorizationDecision | Response>)
    | undefined
  /**
   * The end-user the app has signed in for this request (from its session), for the routed
   * authorization endpoint: `prompt`, `max_age` and `id_token_hint` are checked against it.
   */
  currentUser?: ((request: Request) => Promise<AuthenticatedUser | undefined>) | undefined
  /** `realm` in `WWW-Authenticate`. Default `authspec`. */
  realm?: string | undefined
  /** Largest request body in bytes. Default 64 KiB. */
  maxBodyBytes?: number | undefined
  /** Register authorization_code (PKCE, OpenID), refresh_token and client_credentials. Default true. */
  defaultGrants?: boolean | undefined
  /**
   * Key-encryption key (32 bytes, e.g. `randomToken(32)` from `authspec/server`, kept outside the
   * store) that seals the secrets of `client_secret_jwt` clients at rest (`sealClientSecret`).
   * Without it the server does not offer `client_secret_jwt`: HMAC assertions need the secret, not
   * its hash.
   */
  clientSecretKek?: KeyEncryptionKey | undefined
  /** `acr` values the server can satisfy, published as `acr_values_supported` (OIDC Discovery §3). */
  acrValuesSupported?: readonly string[] | undefined
  /**
   * Put `s_hash` (hash of `state`) in ID tokens returned from the authorization endpoint, as FAPI
   * 1.0 Advanced §5.2.2.1 asks of hybrid flows. Default false.
   */
  idTokenStateHash?: boolean | undefined
  /** Clock in epoch milliseconds, for tests. */
  now?: (() => number) | undefined
  /** Audit/metrics listener: client authenticated, token issued, token revoked, grant failed. No secrets. */
  onEvent?: ((event: ServerEvent) => void) | undefined
}

/** Validates the options and fills in the defaults. */
export function resolveContext(o: AuthorizationServerOptions): ServerContext {
  if (!o || typeof o !== 'object') throw new ArgumentError('"options" is required')
  if (!o.store) throw new ArgumentError('"store" is required')
  const positive = (name: string, v: number | undefined, d: number, max = Number.MAX_SAFE_INTEGER) => {
    const value = v ?? d
    if (!Number.isInteger(value) || value <= 0 || value > max) {
      throw new ArgumentError(
        `"${name}" must be a positive integer${max < Number.MAX_SAFE_INTEGER ? ` <= ${max}` : ''}`,
      )
    }
    return value
  }
  const clock = o.now ?? Date.now
  return {
    issuer: validIssuer(o.issuer),
    store: o.store,
    keys: o.keys,
    now: () => Math.floor(clock() / 1000),
    accessTokenTtl: positive('accessTokenTtl', o.accessTokenTtl, 3600),
    accessTokenFormat: accessTokenFormat(o),
    accessTokenAudience: o.accessTokenAudience ?? validIssuer(o.issuer),
    resources: resourcePolicies(o.resources, o.keys !== undefined),
    introspection: introspectionRule(o.introspection),
    registration: registrationPolicy(o.registration),
    clientIdMetadataDocuments: clientIdMetadataDocuments(o.clientIdMetadataDocuments),
    endSessionEnabled: typeof o.endSession === 'function',
    device: {
      ttl: positive('device.ttl', o.device?.ttl, 600),
      interval: positive('device.interval', o.device?.interval, 5),
      verificationUri: o.device?.verificationUri ?? `${validIssuer(o.issuer).replace(/\/+$/, '')}/device`,
    },
    refreshTokenTtl: positive('refreshTokenTtl', o.refreshTokenTtl, 14 * 24 * 3600),
    authorizationCodeTtl: positive('authorizationCodeTtl', o.authorizationCodeTtl, 60, 60),
    idTokenTtl: positive('idTokenTtl', o.idTokenTtl, 3600),
    pkce: { requiredFor: o.pkce?.requiredFor ?? 'all', allowPlain: o.pkce?.allowPlain ?? false },
    scopesSupported: [
      ...(o.scopesSupported ?? ['openid', 'profile', 'email', 'address', 'phone', 'offline_access']),
    ],
    maxBodyBytes: positive('maxBodyBytes', o.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    clientSecretKek: clientSecretKek(o.clientSecretKek),
    acrValuesSupported: acrValuesSupported(o.acrValuesSupported),
    idTokenStateHash: o.idTokenStateHash === true,
    realm: o.realm ?? 'authspec',
    findUserClaims: o.findUserClaims ?? (async (sub) => ({ sub })),
    tokenGrants: new Map(),
    responseTypes: new Map(),
    endpoints: resolveEndpoints(validIssuer(o.issuer)),
    emit(event) {
      try {
        o.onEvent?.(event)
      } catch {
        // An audit listener must not break the protocol flow.
      }
    },
  }
}

function registrationPolicy(p: RegistrationPolicy | undefined): RegistrationPolicy | undefined {
  if (p === undefined) return undefined
  if (!p.open && typeof p.initialAccessToken !== 'function') {
    throw new ArgumentError('"registration" needs open: true or an initialAccessToken check')
  }
  return p
}

function clientSecretKek(kek: KeyEncryptionKey | undefined): Uint8Array | undefined {
  if (kek === undefined) return undefined
  try {
    return keyEncryptionKeyBytes(kek)
  } catch {
    throw new ArgumentError('"clientSecretKek" must be 32 bytes: a Uint8Array or a base64url string')
  }
}

function acrValuesSupported(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || v === '' || v.includes(' '))) {
    throw new ArgumentError('"acrValuesSupported" must be an array of non-empty strings without spaces')
  }
  return [...values]
}

function accessTokenFormat(o: AuthorizationServerOptions): 'opaque' | 'jwt' {
  const format = o.accessTokenFormat ?? 'opaque'
  if (format !== 'opaque' && format !== 'jwt')
    throw new ArgumentError('"accessTokenFormat" must be "opaque" or "jwt"')
  if (format === 'jwt' && !o.keys) throw new ArgumentError('"keys" are required for JWT access tokens')
  return format
}

function validIssuer(issuer: unknown): string {
  let url: URL
  try {
    url = new URL(String(issuer))
  } catch {
    throw new ArgumentError('"issuer" must be an absolute https URL')
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || url.hostname.startsWith('127.')
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ArgumentError('"issuer" must be an absolute https URL (http only for loopback)')
  }
  if (url.search || url.hash || String(issuer).includes('#') || String(issuer).includes('?')) {
    throw new ArgumentError('"issuer" must not have a query or fragment')
  }
  return String(issuer)
}
