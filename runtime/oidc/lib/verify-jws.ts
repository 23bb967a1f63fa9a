import { compactVerify, decodeProtectedHeader, type JWSHeaderParameters } from 'jose'
import { checkFailed, type OAuthError } from '../../errors.js'
import { mapJoseError } from '../../jose/errors.js'
import { isHmacAlgorithm } from '../../jose/lib/algorithms.js'
import { assertCompactJwt } from '../../jose/lib/token.js'
import type { KeyResolver } from '../types.js'

export interface VerifyJwsOptions {
  /** What is verified, for messages: "ID token", "UserInfo response". */
  what: string
  /** Allow-list; the header's alg must be in it. Never derived from the token. */
  algorithms: readonly string[]
  keys: KeyResolver | undefined
  clientSecret: string | undefined
  /** Largest token accepted, checked before decoding; default 16 KiB. */
  maxTokenBytes: number | undefined
}

export interface VerifiedJws {
  alg: string
  header: JWSHeaderParameters
  payload: Record<string, unknown>
  /** The key that verified the signature (for at_hash/c_hash on EdDSA). */
  key: CryptoKey | Uint8Array
}

function malformed(what: string, description: string): OAuthError {
  return checkFailed('JWT_MALFORMED', `${what} ${description}`)
}

/** Reads the header of a compact JWS and checks it against the allow-list. */
function readHeader(token: string, opts: VerifyJwsOptions): { alg: string; header: JWSHeaderParameters } {
  const { what } = opts
  let header: JWSHeaderParameters
  try {
    header = decodeProtectedHeader(token) as JWSHeaderParameters
  } catch {
    throw malformed(what, 'header is not base64url JSON')
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw malformed(what, 'header is not a JSON object')
  }
  const alg = header.alg
  if (typeof alg !== 'string') throw malformed(what, 'header has no "alg"')
  if (alg === 'none' || !opts.algorithms.includes(alg)) {
    throw checkFailed(
      'JWT_ALG_NOT_ALLOWED',
      `${what} alg ${JSON.stringify(alg)} is not in [${opts.algorithms}]`,
    )
  }
  if (header.kid !== undefined && typeof header.kid !== 'string')
    throw malformed(what, '"kid" is not a string')
  if (header.crit !== undefined) {
    // RFC 7515 §4.1.11: a listed extension the recipient does not understand makes the JWS invalid;
    // this verifier understands none.
    throw checkFailed(
      'JWT_CLAIM_INVALID',
      `${what} header lists critical extensions ${JSON.stringify(header.crit)}`,
      'crit',
    )
  }
  return { alg, header }
}

async function keyFor(
  alg: string,
  header: JWSHeaderParameters,
  opts: VerifyJwsOptions,
): Promise<CryptoKey | Uint8Array> {
  if (isHmacAlgorithm(alg)) {
    // HMAC is only ever keyed with the client secret, so a public key can never become an HMAC key.
    if (opts.clientSecret === undefined) {
      throw checkFailed(
        'JWT_ALG_NOT_ALLOWED',
        `${opts.what} alg ${alg} needs a client secret, none configured`,
      )
    }
    return new TextEncoder().encode(opts.clientSecret)
  }
  if (!opts.keys)
    throw checkFailed('JWKS_NO_MATCHING_KEY', `no keys configured to verify ${opts.what} alg ${alg}`)
  // Only alg and kid reach the resolver: embedded jwk/jku/x5u/x5c are attacker-chosen.
  const selector: JWSHeaderParameters = { alg }
  if (header.kid !== undefined) selector.kid = header.kid
  try {
    return await opts.keys(selector)
  } catch (cause) {
    throw mapJoseError(cause, `${opts.what} key`)
  }
}

function parsePayload(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw malformed(what, 'payload is not UTF-8 JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(what, 'payload is not a JSON object')
  }
  return value as Record<string, unknown>
}

/**
 * Verifies a compact JWS with an alg from the allow-list and a key chosen by `kid`/`alg` only, and
 * returns its JSON payload. Claims are the caller's to check.
 */
export async function verifyJws(token: unknown, opts: VerifyJwsOptions): Promise<VerifiedJws> {
  // Size and shape before any decoding.
  assertCompactJwt(token, opts.maxTokenBytes, { what: opts.what, option: 'maxTokenBytes' })
  const { alg, header } = readHeader(token, opts)
  const key = await keyFor(alg, header, opts)
  let payload: Uint8Array
  try {
    ;({ payload } = await compactVerify(token, key, { algorithms: [alg] }))
  } catch (cause) {
    throw mapJoseError(cause, opts.what)
  }
  return { alg, header, payload: parsePayload(payload, opts.what), key }
}
