import type { JSONWebKeySet } from 'jose'
import { OAuthError } from '../../../errors.js'
import { decodeJwtUnverified } from '../../../jose/decode-jwt-unverified.js'
import type { JwsAlgorithm } from '../../../jose/types.js'
import { verifyJwt } from '../../../jose/verify-jwt.js'
import { serverError } from '../../errors.js'
import type { ServerContext } from '../../types.js'

const ALGS: readonly JwsAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA']
/** Assertions older than this are refused even when `exp` is later (RFC 7523 §3 item 5). */
export const MAX_AGE = 600
/** Seconds of clock skew accepted on `exp`, `iat` and `nbf`. */
export const CLOCK_TOLERANCE = 30

/** The unverified `iss` of a JWT, or `invalid_grant` when it cannot be decoded. */
export function unverifiedIssuer(token: string): string {
  try {
    const iss = decodeJwtUnverified(token).payload.iss
    if (typeof iss === 'string' && iss !== '') return iss
  } catch {
    // Falls through to the same error as a token without iss.
  }
  throw serverError('invalid_grant', 'the JWT is malformed or has no iss')
}

/**
 * Verifies a JWT from a trusted issuer: signature by one of `jwks`, `exp` required and not
 * passed, `iat` within the last ten minutes, `sub` present and, when `audience` is given, `aud`
 * naming this server (RFC 7523 §3).
 */
export async function verifyGrantJwt(
  server: ServerContext,
  token: string,
  jwks: JSONWebKeySet,
  audience: readonly string[] | undefined,
): Promise<Record<string, unknown> & { sub: string; iss: string }> {
  try {
    const { payload } = await verifyJwt(token, jwks, {
      algorithms: ALGS,
      currentDate: new Date(server.now() * 1000),
      clockTolerance: CLOCK_TOLERANCE,
      maxTokenAge: MAX_AGE,
      claims: {
        exp: { essential: true },
        sub: { essential: true },
        iss: { essential: true },
        ...(audience ? { aud: { essential: true, values: audience } } : {}),
      },
    })
    return payload as Record<string, unknown> & { sub: string; iss: string }
  } catch (err) {
    if (err instanceof OAuthError)
      throw serverError('invalid_grant', `the JWT was refused: ${err.code.toLowerCase()}`)
    throw err
  }
}
