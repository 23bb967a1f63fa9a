import type { NormalizedProfile, ProfileContext } from './spec-types.js'

/** A claim's value when it is a non-empty string. */
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

/**
 * The profile mapping of an OpenID Connect provider that keeps to the standard claims: the ID
 * token's claims with UserInfo's over them (UserInfo adds what the ID token leaves out, and its
 * `sub` is checked against the ID token's), `sub` as the id, the first of `nameClaims` that is
 * present as the name, and `email`, `email_verified`, `picture`.
 *
 * @example
 * export default defineProvider({ …, profile: claimsProfile(['name', 'preferred_username']) })
 * @see https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims
 */
export function claimsProfile(
  nameClaims: readonly string[] = ['name'],
  // Only the two members it reads, so a spec's API operations are still inferred from the spec.
): (ctx: Pick<ProfileContext, 'claims' | 'userinfo'>) => Promise<NormalizedProfile> {
  return async ({ claims, userinfo }) => {
    const info: Record<string, unknown> = { ...claims, ...(await userinfo()) }
    return {
      id: String(info['sub']),
      name: nameClaims.map((claim) => text(info[claim])).find((name) => name !== null) ?? null,
      email: text(info['email']),
      emailVerified: info['email_verified'] === true,
      avatarUrl: text(info['picture']),
      raw: info,
    }
  }
}
