import type { JWTPayload } from 'jose'
import { leftHalfHash } from '../../lib/random.js'
import type { ClientRecord } from '../../storage/store.js'
import type { TokenIssueContext } from '../types.js'
import { claimsForScopes } from './claims.js'
import { addRequestedClaims, parseClaimsRequest } from './claims-request.js'
import type { SigningKeys } from './keys.js'

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
  return leftHalfHash(value, hash)
}

/** The algorithm the client's ID tokens are signed with: its registered one or the server's. */
export function idTokenAlg(keys: SigningKeys, client: ClientRecord): string {
  return client.idTokenSignedResponseAlg ?? keys.alg
}

/**
 * Signs an ID token for a token or authorization response: `iss`, `sub`, `aud`, `exp`, `iat`,
 * `auth_time`, `nonce`, `acr`, `at_hash` (when an access token is issued with it), `c_hash`
 * (when a code is) and `s_hash` (when `state` is given: FAPI 1.0 Advanced §5.2.2.1), plus the user's claims allowed by the granted scopes and those named in
 * `claims.id_token` (OIDC Core §5.5). Signed with the client's `id_token_signed_response_alg`.
 */
export async function createIdToken(
  ctx: Omit<TokenIssueContext, 'accessToken'> & { accessToken?: string | undefined },
  extra?: { code?: string | undefined; state?: string | undefined },
): Promise<string> {
  const { server } = ctx
  const keys = server.keys
  if (!keys || !ctx.sub) throw new Error('createIdToken needs signing keys and a subject')
  const alg = idTokenAlg(keys, ctx.client)
  const now = server.now()
  const user = await server.findUserClaims(ctx.sub, ctx.scopes)
  const requested = ctx.claims ? parseClaimsRequest(ctx.claims).id_token : undefined
  const payload: JWTPayload = {
    ...(user ? addRequestedClaims(claimsForScopes(user, ctx.scopes), user, requested) : {}),
    iss: server.issuer,
    sub: ctx.sub,
    aud: ctx.client.clientId,
    iat: now,
    exp: now + server.idTokenTtl,
  }
  if (ctx.authTime !== undefined) payload['auth_time'] = ctx.authTime
  if (ctx.nonce !== undefined) payload['nonce'] = ctx.nonce
  if (ctx.acr !== undefined) payload['acr'] = ctx.acr
  if (ctx.accessToken !== undefined) payload['at_hash'] = await halfHash(ctx.accessToken, alg)
  if (extra?.code) payload['c_hash'] = await halfHash(extra.code, alg)
  if (extra?.state !== undefined) payload['s_hash'] = await halfHash(extra.state, alg)
  return keys.sign(payload, alg === keys.alg ? { typ: 'JWT' } : { typ: 'JWT', alg })
}
