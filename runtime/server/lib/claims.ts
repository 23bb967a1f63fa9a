import type { UserClaims } from '../types.js'

/** Claims each standard scope gives access to (OIDC Core §5.4). */
export const SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
}

/** The claims of `user` that `scopes` allow, always with `sub`. */
export function claimsForScopes(user: UserClaims, scopes: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { sub: user.sub }
  for (const scope of scopes) {
    for (const claim of SCOPE_CLAIMS[scope] ?? []) {
      if (user[claim] !== undefined) out[claim] = user[claim]
    }
  }
  return out
}

/**
 * Every claim name the server may release, for discovery's `claims_supported`: the protocol
 * claims it sets (`c_hash` only with a response type returning a code and an ID token together,
 * `s_hash` only with front-channel ID tokens and `idTokenStateHash` on) and those of the supported
 * scopes.
 */
export function supportedClaims(
  scopes: readonly string[],
  options?: { codeHash?: boolean; stateHash?: boolean },
): string[] {
  const out = ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'at_hash']
  if (options?.codeHash) out.push('c_hash')
  if (options?.stateHash) out.push('s_hash')
  for (const s of scopes) for (const c of SCOPE_CLAIMS[s] ?? []) if (!out.includes(c)) out.push(c)
  return out
}
