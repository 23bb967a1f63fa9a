import { z } from 'zod'
import { ArgumentError } from '../errors.js'
import { TokenSet, type TokenSetJSON } from '../oauth2/token-set.js'
import type { IdTokenClaims } from '../oidc/types.js'
import type { AuthTokens } from './types.js'

/** The JSON form of `AuthTokens`, for a session store or a sealed session cookie. */
export interface StoredTokens {
  version: 1
  provider: string
  requested: readonly string[]
  fields: Record<string, unknown>
  claims?: IdTokenClaims | undefined
  echoed: Readonly<Record<string, string>>
  tokenSet: TokenSetJSON
}

const StoredSchema = z.object({
  version: z.literal(1),
  provider: z.string().min(1),
  requested: z.array(z.string()),
  fields: z.record(z.string(), z.unknown()),
  claims: z.record(z.string(), z.unknown()).optional(),
  echoed: z.record(z.string(), z.string()),
  tokenSet: z.unknown(),
})

/**
 * Turns login tokens into plain JSON. They are credentials: keep them server-side or sealed
 * (`auth.setSession`), never in a readable cookie or page.
 *
 * @example
 * await store.set(sessionId, serializeTokens(result.tokens))
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 */
export function serializeTokens(tokens: AuthTokens): StoredTokens {
  if (!(tokens?.tokenSet instanceof TokenSet)) throw new ArgumentError('"tokens" must be login tokens')
  return {
    version: 1,
    provider: tokens.provider,
    requested: [...tokens.requested],
    fields: { ...tokens.fields },
    ...(tokens.claims ? { claims: tokens.claims } : {}),
    echoed: { ...tokens.echoed },
    tokenSet: tokens.tokenSet.toJSON(),
  }
}

/**
 * Reads back what `serializeTokens` produced; anything else throws `ArgumentError`.
 *
 * @example
 * const tokens = restoreTokens(await store.get(sessionId))
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export function restoreTokens(json: unknown, options: { now?: (() => number) | undefined } = {}): AuthTokens {
  const parsed = StoredSchema.safeParse(typeof json === 'string' ? safeJson(json) : json)
  if (!parsed.success) throw new ArgumentError('"json" is not serialized tokens')
  const stored = parsed.data
  const tokenSet = TokenSet.fromJSON(stored.tokenSet, { now: options.now })
  return {
    provider: stored.provider,
    accessToken: tokenSet.accessToken,
    refreshToken: tokenSet.refreshToken,
    expiresAt: tokenSet.expiresAt,
    scopes: tokenSet.scopes.length > 0 ? tokenSet.scopes : stored.requested,
    requested: stored.requested,
    fields: stored.fields,
    claims: stored.claims as IdTokenClaims | undefined,
    echoed: stored.echoed,
    tokenSet,
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
