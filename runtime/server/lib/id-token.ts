import { base64url, type JWTPayload } from 'jose'
import type { TokenIssueContext } from '../types.js'
import { claimsForScopes } from './claims.js'

/**
 * `at_hash` / `c_hash`: base64url of the left half of the hash of the value, with the hash
 * function of the ID token's signing algorithm (OIDC Core §3.1.3.6, §3.3.2.11).
 */
export async function halfHash(value: string, alg: string): Promise<string> {
  const hash =
    alg === 'EdDSA' || alg === 'Ed25519' || alg.endsWith('512')
      ? 'SHA-512'
      : alg.endsWith('384')
        ? 'SHA-384'
        : 'SHA-256'
  const digest = new Uint8Array(await crypto.subtle.digest(hash, new TextEncoder().encode(value)))
  return base64url.encode(digest.slice(0, digest.length / 2))
}

/**
 * Signs an ID token for a token response: `iss`, `sub`, `aud`, `exp`, `iat`, `auth_time`,
 * `nonce`, `acr`, `at_hash` (and `c_hash` when a code is given), plus the user's claims allowed by
 * the granted scopes.
 */
export async function createIdToken(
  ctx: TokenIssueContext,
  extra?: { code?: string | undefined },
): Promise<string> {
  const { server } = ctx
  const keys = server.keys
  if (!keys || !ctx.sub) throw new Error('createIdToken needs signing keys and a subject')
  const now = server.now()
  const user = await server.findUserClaims(ctx.sub)
  const payload: JWTPayload = {
    ...(user ? claimsForScopes(user, ctx.scopes) : {}),
    iss: server.issuer,
    sub: ctx.sub,
    aud: ctx.client.clientId,
    iat: now,
    exp: now + server.idTokenTtl,
  }
  if (ctx.authTime !== undefined) payload['auth_time'] = ctx.authTime
  if (ctx.nonce !== undefined) payload['nonce'] = ctx.nonce
  if (ctx.acr !== undefined) payload['acr'] = ctx.acr
  payload['at_hash'] = await halfHash(ctx.accessToken, keys.alg)
  if (extra?.code) payload['c_hash'] = await halfHash(extra.code, keys.alg)
  return keys.sign(payload, { typ: 'JWT' })
}
