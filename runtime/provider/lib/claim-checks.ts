import { checkFailed } from '../../errors.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/** The value of `checkClaim` that asks only for the claim's presence. */
const ANY = '*'

/**
 * The ID token claims the sent authorization parameters promise, from the spec's `checkClaim`s:
 * `{ hd: 'corp.example' }` for `hd=corp.example`. Kept in the session until the callback.
 */
export function expectedClaims(
  spec: ProviderLoginSpec,
  params: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) {
    const param = spec.authorizationParams?.[name]
    if (value === undefined || !param || param.type === 'boolean' || !param.checkClaim) continue
    out[param.checkClaim] = value
  }
  return out
}

/**
 * Checks the ID token claims against what the authorization parameters asked for. The parameter
 * is only a hint to the provider's pages; a user can remove it from the URL, so the signed claim
 * is what counts (OIDC Core §3.1.3.7 leaves such claims to the client).
 *
 * @example
 * checkExpectedClaims(spec, tokens.claims, { hd: 'corp.example' })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export function checkExpectedClaims(
  spec: ProviderLoginSpec,
  claims: Readonly<Record<string, unknown>> | undefined,
  expected: Readonly<Record<string, string>> | undefined,
): void {
  for (const [claim, value] of Object.entries(expected ?? {}).sort()) {
    const actual = claims?.[claim]
    if (actual === undefined || actual === null || actual === '') {
      throw checkFailed(
        'JWT_CLAIM_INVALID',
        `${spec.displayName}: the ID token has no "${claim}" claim, but "${claim}" was requested as ${JSON.stringify(value)}`,
        claim,
      )
    }
    if (value !== ANY && actual !== value) {
      throw checkFailed(
        'JWT_CLAIM_INVALID',
        `${spec.displayName}: the ID token's "${claim}" is ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`,
        claim,
      )
    }
  }
}
