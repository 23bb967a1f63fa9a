/**
 * The one storage interface of the authorization server. Every secret and token is stored only
 * as its SHA-256 hash (base64url), so a leaked database yields nothing usable.
 * Implementations: `MemoryStore` here; SQLite, PostgreSQL and Redis live in their own modules.
 *
 * @example
 * const store: Store = new MemoryStore()
 * await store.saveClient({ clientId: 'app', redirectUris: ['https://app.example/cb'], ... })
 * @see https://www.rfc-editor.org/rfc/rfc6819#section-5.1.4.1.3
 */

import type { JSONWebKeySet } from 'jose'

/** How a client authenticates at the token, revocation and introspection endpoints. */
export type ServerClientAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_secret_jwt'
  | 'private_key_jwt'
  | 'none'

/** A registered client. `clientSecretHash` is `sha256Base64url(secret)`; never the secret itself. */
export interface ClientRecord {
  clientId: string
  /**
   * Absent for public clients (`tokenEndpointAuthMethod: 'none'`), `private_key_jwt` clients and
   * `client_secret_jwt` clients (which keep `clientSecretSealed` instead).
   */
  clientSecretHash?: string | undefined
  /**
   * `client_secret_jwt` only: the secret sealed with the server's key-encryption key
   * (`sealClientSecret`), since verifying an HMAC assertion needs the secret itself.
   */
  clientSecretSealed?: string | undefined
  /** `token_endpoint_auth_signing_alg` (RFC 7591 §2): the one algorithm of its client assertions. */
  tokenEndpointAuthSigningAlg?: string | undefined
  /** Public keys of a `private_key_jwt` client (RFC 7523 client assertions). */
  jwks?: JSONWebKeySet | undefined
  tokenEndpointAuthMethod: ServerClientAuthMethod
  /** Exact redirect URIs; for loopback http URIs only the port may differ (RFC 8252 §7.3). */
  redirectUris: string[]
  /** Grant types this client may use, e.g. `authorization_code`, `refresh_token`. */
  grantTypes: string[]
  /** Response types this client may use at the authorization endpoint, e.g. `code`. */
  responseTypes: string[]
  /** Space-separated scopes this client may ask for. */
  scope: string
  clientName?: string | undefined
  /** OIDC Registration `application_type`: which redirect URI rules the client was held to. Default `web`. */
  applicationType?: 'web' | 'native' | undefined
  /** Where RP-initiated logout may send the user back (exact match). */
  postLogoutRedirectUris?: string[] | undefined
  /** Dynamic registration (RFC 7591/7592): hash of the registration access token. */
  registrationAccessTokenHash?: string | undefined
  /** Dynamic registration: epoch seconds of `client_id_issued_at`. */
  clientIdIssuedAt?: number | undefined
  /** Access token format for this client; default: the server's (`opaque`). */
  accessTokenFormat?: 'opaque' | 'jwt' | undefined
  /** OIDC `id_token_signed_response_alg`; default: the server's signing algorithm. */
  idTokenSignedResponseAlg?: string | undefined
  /** OIDC `userinfo_signed_response_alg`: userinfo is then a signed JWT instead of JSON. */
  userinfoSignedResponseAlg?: string | undefined
}

/** An issued authorization code, keyed by the hash of the code. */
export interface AuthorizationCodeRecord {
  codeHash: string
  clientId: string
  redirectUri: string
  /** True when the authorization request had no `redirect_uri` (then the token request may omit it). */
  redirectUriOmitted?: boolean | undefined
  /** The grant family id: every token issued from this code carries it. */
  grantId: string
  sub: string
  scope: string
  /** Epoch seconds. */
  expiresAt: number
  /** Epoch seconds of the end-user authentication (OIDC `auth_time`). */
  authTime?: number | undefined
  acr?: string | undefined
  nonce?: string | undefined
  /** The OIDC `claims` request parameter (JSON), kept for the ID token and userinfo. */
  claims?: string | undefined
  codeChallenge?: string | undefined
  codeChallengeMethod?: 'S256' | 'plain' | undefined
  /** The resources (RFC 8707) the code was granted for; its tokens may name no others. */
  audience?: string[] | undefined
  /**
   * Epoch seconds of the consent the code was issued under (`completeAuthorization` records one
   * with every approval). Such a code is exchanged only while that user's consent to the client
   * is on record, so `revokeConsent` also voids codes not yet exchanged.
   */
  consentedAt?: number | undefined
}

/** Outcome of `consumeAuthorizationCode`: `replayed` is true from the second use on. */
export interface ConsumedCode {
  record: AuthorizationCodeRecord
  replayed: boolean
}

export type TokenKind = 'access_token' | 'refresh_token'

/**
 * An issued access or refresh token, keyed by the hash of the token; a JWT access token's record
 * by `jwt:` and its `jti` (the JWT itself is never stored).
 */
export interface TokenRecord {
  tokenHash: string
  kind: TokenKind
  clientId: string
  /** Grant family id; a refresh token and its rotations share it with their access tokens. */
  grantId: string
  /** Absent for client_credentials tokens. */
  sub?: string | undefined
  scope: string
  /** Epoch seconds. */
  issuedAt: number
  /** Epoch seconds. */
  expiresAt: number
  authTime?: number | undefined
  acr?: string | undefined
  /** The OIDC `claims` request parameter (JSON) of the grant, for userinfo and refreshed ID tokens. */
  claims?: string | undefined
  /**
   * The resources (RFC 8707) the token was requested for: an access token's `aud`; a refresh
   * token's granted resources, which its access tokens may narrow. Absent when none was named.
   */
  audience?: string[] | undefined
  /** Set when revoked (epoch seconds). */
  revokedAt?: number | undefined
  /** Refresh tokens only: set when rotated; a second use is a replay. */
  usedAt?: number | undefined
}

/** An end-user's consent to give a client some scopes. */
export interface ConsentRecord {
  sub: string
  clientId: string
  scope: string
  /** Epoch seconds. */
  grantedAt: number
}

/** One grant family taken back by `revokeUserGrants`, with the tokens it revoked just now. */
export interface RevokedGrant {
  grantId: string
  count: number
}

/**
 * The server's signing keys, sealed: `sealed` is an opaque encrypted string (a compact JWE made
 * by `sealKeySet`), so a dump of the store holds no usable private key.
 */
export interface KeySetRecord {
  /** Which key set, e.g. `signing`; one server may keep several. */
  id: string
  /** Opaque ciphertext; stores keep it byte for byte and never look inside. */
  sealed: string
  /** Epoch seconds of the last save. */
  updatedAt: number
}

/** State of a device authorization (RFC 8628). */
export type DeviceCodeStatus = 'pending' | 'approved' | 'denied' | 'consumed'

/** A device authorization, keyed by the hashes of its device code and of its user code. */
export interface DeviceCodeRecord {
  deviceCodeHash: string
  /** Hash of the normalized user code (upper case, no dash). */
  userCodeHash: string
  clientId: string
  scope: string
  grantId: string
  /** Epoch seconds. */
  expiresAt: number
  /** Minimum seconds between polls. */
  interval: number
  status: DeviceCodeStatus
  /** Epoch seconds of the last token request for this code. */
  lastPolledAt?: number | undefined
  /** Set on approval. */
  sub?: string | undefined
  authTime?: number | undefined
  acr?: string | undefined
  /** The resources (RFC 8707) the device asked for; its tokens may name no others. */
  audience?: string[] | undefined
}

/** Outcome of a poll: the record as it was before the poll, and the previous poll time. */
export interface DevicePoll {
  record: DeviceCodeRecord
  previousPollAt: number | undefined
}

/**
 * Storage for the device authorization grant. Optional in `Store`: a server registers
 * `deviceCodeGrant()` only over a store that implements it.
 */
export interface DeviceCodeStore {
  saveDeviceCode(record: DeviceCodeRecord): Promise<void>
  getDeviceCodeByUserCode(userCodeHash: string): Promise<DeviceCodeRecord | undefined>
  /** Reads a code without polling it, so a refused token request does not burn an approved one. */
  getDeviceCode(deviceCodeHash: string): Promise<DeviceCodeRecord | undefined>
  /** Atomically approves or denies a pending code; false when it was no longer pending. */
  decideDeviceCode(
    userCodeHash: string,
    decision: {
      status: 'approved' | 'denied'
      sub?: string | undefined
      authTime?: number | undefined
      acr?: string | undefined
      scope?: string | undefined
    },
  ): Promise<boolean>
  /**
   * Atomically records a poll at `now`: returns the record as it was, and when it was `approved`
   * marks it `consumed`, so only one poll ever gets the tokens.
   */
  pollDeviceCode(deviceCodeHash: string, now: number): Promise<DevicePoll | undefined>
}

/**
 * Asynchronous storage for the authorization server. Small on purpose: each method is one atomic
 * operation so shared stores (PostgreSQL, Redis) can implement it without transactions spanning calls.
 */
export interface Store extends Partial<DeviceCodeStore> {
  getClient(clientId: string): Promise<ClientRecord | undefined>
  saveClient(client: ClientRecord): Promise<void>
  deleteClient(clientId: string): Promise<void>

  saveAuthorizationCode(code: AuthorizationCodeRecord): Promise<void>
  /**
   * Atomically returns the code and marks it used. The first call gives `replayed: false`, every
   * later call `replayed: true` (so a replay can revoke the grant); unknown codes give `undefined`.
   */
  consumeAuthorizationCode(codeHash: string): Promise<ConsumedCode | undefined>

  saveToken(token: TokenRecord): Promise<void>
  getToken(tokenHash: string): Promise<TokenRecord | undefined>
  /**
   * Atomically marks a refresh token used. Returns true for the first caller only, so two
   * concurrent refreshes with the same token cannot both succeed.
   */
  markTokenUsed(tokenHash: string, at: number): Promise<boolean>
  /** Revokes one token. */
  revokeToken(tokenHash: string, at: number): Promise<void>
  /**
   * Revokes every token of a grant family and any token saved for it later. Returns how many.
   * From then on `getToken` answers every token of the family with `revokedAt` set, even one saved
   * concurrently with the revocation: callers read a family's revocation from its tokens.
   */
  revokeGrant(grantId: string, at: number): Promise<number>

  /**
   * Atomically records a one-time identifier (a client assertion's `iss` + `jti`) until
   * `expiresAt` (epoch seconds). Returns false when it was already recorded: a replay.
   */
  useOnce(key: string, expiresAt: number, now: number): Promise<boolean>

  saveConsent(consent: ConsentRecord): Promise<void>
  getConsent(sub: string, clientId: string): Promise<ConsentRecord | undefined>
  /** Every consent the user gave, one per client, ordered by `clientId` (the account page's list). */
  listConsents(sub: string): Promise<ConsentRecord[]>
  /**
   * Takes back all a user gave a client, atomically: deletes the consent and revokes, as
   * `revokeGrant` does, every grant family whose tokens carry this `sub` and `clientId`. Stores
   * link a token to its user when it is saved (tokens without `sub` are not linked). Returns the
   * families revoked, each with the tokens it revoked now.
   */
  revokeUserGrants(sub: string, clientId: string, at: number): Promise<RevokedGrant[]>

  /**
   * Atomically inserts a sealed key set unless one with this id exists. Returns true for the
   * caller that inserted it, so processes starting together end with one key set.
   */
  createKeySet(record: KeySetRecord): Promise<boolean>
  /** Inserts or replaces a sealed key set (after a rotation). */
  saveKeySet(record: KeySetRecord): Promise<void>
  getKeySet(id: string): Promise<KeySetRecord | undefined>
}
