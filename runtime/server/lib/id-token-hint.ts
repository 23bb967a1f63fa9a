import { compactVerify, createLocalJWKSet } from 'jose'
import type { ServerContext } from '../types.js'

/**
 * Verifies an ID token this server issued, as sent back in `id_token_hint`: our signature and
 * issuer. An expired hint is still accepted (OIDC Core §3.1.2.1, RP-Initiated Logout §2), so
 * `exp` is not checked. Returns undefined for anything else.
 */
export async function verifyIdTokenHint(
  server: ServerContext,
  token: string,
): Promise<{ sub: string; aud: string } | undefined> {
  if (!server.keys || token.length > 16 * 1024) return undefined
  try {
    const { payload } = await compactVerify(token, createLocalJWKSet(await server.keys.jwks()), {
      algorithms: [...(server.keys.algs ?? [server.keys.alg])],
    })
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload))
    if (typeof claims !== 'object' || claims === null) return undefined
    const { iss, sub, aud } = claims as Record<string, unknown>
    const audience = Array.isArray(aud) && aud.length === 1 ? aud[0] : aud
    if (iss !== server.issuer || typeof sub !== 'string' || typeof audience !== 'string') return undefined
    return { sub, aud: audience }
  } catch {
    return undefined
  }
}
