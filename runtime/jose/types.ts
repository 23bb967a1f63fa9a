import type { CryptoKey, JWSHeaderParameters, JWTPayload } from 'jose'

/**
 * Asymmetric JWS algorithms this toolkit signs with (RFC 7518 §3.1, RFC 8037, RFC 9864).
 * `EdDSA` and `Ed25519` both mean Ed25519 signatures; `Ed25519` is the fully-specified name.
 */
export type SigningAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519'

/** HMAC algorithms, accepted for verification with a shared secret (e.g. `client_secret_jwt`). */
export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512'

/** Every algorithm `verifyJwt` may be told to accept. `none` is deliberately absent. */
export type JwsAlgorithm = SigningAlgorithm | HmacAlgorithm

/** A public JWK as published in a JWKS: only public members, never `d`, `p`, `q`, `k`… */
export interface PublicJwk {
  kty: 'RSA' | 'EC' | 'OKP'
  kid?: string
  alg?: string
  use?: string
  /** RSA modulus and exponent. */
  n?: string
  e?: string
  /** EC / OKP curve and coordinates. */
  crv?: string
  x?: string
  y?: string
  x5c?: string[]
  x5t?: string
  'x5t#S256'?: string
}

/** A private JWK as persisted by `exportSigningKey`; always carries `kid`, `alg` and `use: 'sig'`. */
export interface PrivateJwk extends PublicJwk {
  kid: string
  alg: SigningAlgorithm
  use: 'sig'
  d: string
  p?: string
  q?: string
  dp?: string
  dq?: string
  qi?: string
}

/** An asymmetric signing key pair with the metadata needed to publish and select it. */
export interface SigningKey {
  readonly kid: string
  readonly alg: SigningAlgorithm
  readonly use: 'sig'
  readonly privateKey: CryptoKey
  readonly publicKey: CryptoKey
  /** Public JWK with `kid`, `alg` and `use`, ready for a JWKS. */
  readonly publicJwk: Readonly<PublicJwk>
}

/**
 * Picks the verification key for a token from its protected header; compatible with the
 * `getKey` argument of jose's `jwtVerify`.
 */
export type KeyResolver = (header: JWSHeaderParameters) => Promise<CryptoKey> | CryptoKey

/** One claim's rule, as Authlib's `claims_options` has it. */
export interface ClaimOption {
  /** The claim must be present (not `undefined`, `null` or `''`). */
  essential?: boolean
  /** The claim must equal this value (for `aud`: the audience must contain it). */
  value?: unknown
  /** The claim must be one of these values (for `aud`: the audiences must intersect them). */
  values?: readonly unknown[]
  /** Custom check; the claim is valid only when it returns exactly `true`. */
  validate?: (value: unknown, claims: JWTPayload) => boolean
}

/** Rules for the claims of a token, by claim name. Absent, non-essential claims are not checked. */
export type ClaimsOptions = Readonly<Record<string, ClaimOption>>

/** The decoded parts of a JWT. */
export interface DecodedJwt<P extends JWTPayload = JWTPayload> {
  header: JWSHeaderParameters
  payload: P
}
