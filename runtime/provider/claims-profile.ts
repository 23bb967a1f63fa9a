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
): ClaimsProfile {
  const mapping = async ({ claims, userinfo }: Pick<ProfileContext, 'claims' | 'userinfo'>) => {
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
  return Object.assign(mapping, { requiredScopes: CLAIMS_SCOPES })
}

/** The ID token and UserInfo exist only for tokens asked for with `openid` (OIDC Core 3.1.2.1). */
const CLAIMS_SCOPES = ['openid'] as const

/** A claims mapping, marked with the scopes it cannot work without. */
export type ClaimsProfile = ((
  ctx: Pick<ProfileContext, 'claims' | 'userinfo'>,
) => Promise<NormalizedProfile>) & {
  readonly requiredScopes: typeof CLAIMS_SCOPES
}

/**
 * The scopes of which `profile()` needs one: the spec's `scopes.profileRequires`, else what its
 * mapping declares (`claimsProfile` needs `openid`). The one rule behind the generated types and
 * the client's check.
 */
export function profileRequirement(spec: {
  scopes: { profileRequires?: readonly string[] | undefined }
  profile?: unknown
}): readonly string[] | undefined {
  return spec.scopes.profileRequires ?? (spec.profile as Partial<ClaimsProfile> | undefined)?.requiredScopes
}
