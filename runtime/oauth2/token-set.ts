import * as z from 'zod/mini'
import { ArgumentError } from '../errors.js'
import { nonEmpty } from './lib/schema.js'
import { type TokenResponse, TokenResponseSchema } from './lib/token-response-schema.js'

/** Milliseconds since the epoch, like `Date.now`. Inject one to control time in tests. */
export type Clock = () => number

/** Options of `createTokenSet`. */
export interface CreateTokenSetOptions {
  /** Clock in milliseconds (default `Date.now`); `expires_in` counts from it. */
  now?: Clock | undefined
  /**
   * The set this response renews (a refresh response). Its refresh token, scopes and ID token are
   * kept when the new response omits them; see `createTokenSet`.
   */
  previous?: TokenSet | undefined
  /** Separator of the `scope` string; default `' '` (RFC 6749 §3.3), or the previous set's. */
  scopeDelimiter?: string | undefined
}

/** The persisted form of a `TokenSet` (`toJSON()`), read back by `TokenSet.fromJSON`. */
export interface TokenSetJSON {
  version: 1
  accessToken: string
  tokenType: string
  refreshToken?: string | undefined
  idToken?: string | undefined
  /** Epoch seconds. */
  expiresAt?: number | undefined
  scopes: string[]
  scopeDelimiter: string
  raw: TokenResponse
}

const TokenSetJSONSchema = z.object({
  version: z.literal(1),
  accessToken: nonEmpty(),
  tokenType: nonEmpty(),
  refreshToken: z.optional(nonEmpty()),
  idToken: z.optional(nonEmpty()),
  // zod 4 numbers are finite: Infinity and NaN fail.
  expiresAt: z.optional(z.number()),
  scopes: z.array(nonEmpty()),
  scopeDelimiter: nonEmpty(),
  raw: TokenResponseSchema,
})

interface TokenSetFields {
  accessToken: string
  tokenType: string
  refreshToken: string | undefined
  idToken: string | undefined
  expiresAt: number | undefined
  scopes: readonly string[]
  scopeDelimiter: string
  raw: TokenResponse
}

const DEFAULT_LEEWAY = 30

/** Module-private factory: the only way in, so every set is built from checked fields. */
let construct: (fields: TokenSetFields, now: Clock) => TokenSet

/**
 * The tokens a client holds after a token response: immutable, with its expiry turned into an
 * absolute time so it survives persistence. Build one with `createTokenSet`.
 *
 * @example
 * const set = createTokenSet(await exchangeCode(...))
 * if (set.isExpired()) set2 = createTokenSet(await refresh(set.refreshToken!), { previous: set })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export class TokenSet {
  readonly accessToken: string
  /** As the server sent it; compare case-insensitively (RFC 6749 §7.1). */
  readonly tokenType: string
  readonly refreshToken: string | undefined
  readonly idToken: string | undefined
  /** Epoch seconds when the access token expires; undefined when the server gave no `expires_in`. */
  readonly expiresAt: number | undefined
  /** Granted scopes, in the server's order, empty when neither this nor a previous response named any. */
  readonly scopes: readonly string[]
  readonly scopeDelimiter: string
  /** The whole token response this set came from, unknown members included. */
  readonly raw: Readonly<TokenResponse>
  readonly #now: Clock

  /** Prefer `createTokenSet` or `TokenSet.fromJSON`; this takes already-checked fields. */
  private constructor(fields: TokenSetFields, now: Clock) {
    this.accessToken = fields.accessToken
    this.tokenType = fields.tokenType
    this.refreshToken = fields.refreshToken
    this.idToken = fields.idToken
    this.expiresAt = fields.expiresAt
    this.scopes = Object.freeze([...fields.scopes])
    this.scopeDelimiter = fields.scopeDelimiter
    this.raw = Object.freeze({ ...fields.raw })
    this.#now = now
    Object.freeze(this)
  }

  static {
    construct = (fields, now) => new TokenSet(fields, now)
  }

  /**
   * True when the access token expires within `leewaySeconds` of `now` (milliseconds, default the
   * set's clock). A set without expiry information is never considered expired: the resource
   * server's `invalid_token` answer is then the only signal.
   *
   * @example
   * if (tokens.isExpired(60)) tokens = await renew(tokens)
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2.2
   */
  isExpired(leewaySeconds: number = DEFAULT_LEEWAY, now?: number): boolean {
    if (!Number.isFinite(leewaySeconds) || leewaySeconds < 0) {
      throw new ArgumentError('"leewaySeconds" must be a finite number >= 0')
    }
    if (this.expiresAt === undefined) return false
    return (now ?? this.#now()) / 1000 >= this.expiresAt - leewaySeconds
  }

  /** Seconds left before expiry (negative once expired), or undefined without expiry information. */
  expiresIn(now?: number): number | undefined {
    if (this.expiresAt === undefined) return undefined
    return this.expiresAt - (now ?? this.#now()) / 1000
  }

  /** True when `scope` was granted. */
  hasScope(scope: string): boolean {
    return this.scopes.includes(scope)
  }

  /** A plain JSON-safe object for storage; expiry is absolute, so reloading later stays correct. */
  toJSON(): TokenSetJSON {
    const out: TokenSetJSON = {
      version: 1,
      accessToken: this.accessToken,
      tokenType: this.tokenType,
      scopes: [...this.scopes],
      scopeDelimiter: this.scopeDelimiter,
      raw: { ...this.raw },
    }
    if (this.refreshToken !== undefined) out.refreshToken = this.refreshToken
    if (this.idToken !== undefined) out.idToken = this.idToken
    if (this.expiresAt !== undefined) out.expiresAt = this.expiresAt
    return out
  }

  /**
   * Reads back what `toJSON()` produced (the object, or its JSON text). Malformed input throws
   * `ArgumentError` naming `json`.
   *
   * @example
   * const tokens = TokenSet.fromJSON(await store.get('tokens'))
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
   */
  static fromJSON(json: unknown, options?: { now?: Clock | undefined }): TokenSet {
    let value = json
    if (typeof json === 'string') {
      try {
        value = JSON.parse(json)
      } catch {
        throw new ArgumentError('"json" is not valid JSON text')
      }
    }
    const parsed = TokenSetJSONSchema.safeParse(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new ArgumentError(
        `"json" is not a stored TokenSet: ${issue?.path.join('.') || '(root)'} ${issue?.message}`,
      )
    }
    const d = parsed.data
    return construct(
      {
        accessToken: d.accessToken,
        tokenType: d.tokenType,
        refreshToken: d.refreshToken,
        idToken: d.idToken,
        expiresAt: d.expiresAt,
        scopes: d.scopes,
        scopeDelimiter: d.scopeDelimiter,
        raw: d.raw,
      },
      clockOption(options?.now),
    )
  }
}

function clockOption(now: Clock | undefined): Clock {
  if (now !== undefined && typeof now !== 'function') throw new ArgumentError('"now" must be a function')
  return now ?? Date.now
}

/** Splits a `scope` string; the comma form tolerates spaces around items (`"repo, gist"`). */
function parseScopes(scope: string, delimiter: string): string[] {
  return scope
    .split(delimiter)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/**
 * Builds a `TokenSet` from a token response. `expiresAt` is `now + expires_in` (rounded down so
 * the set never outlives the token). With `previous` (a refresh response):
 * - no `refresh_token` in the response keeps the previous one; a new one replaces it (rotation);
 * - no `scope` keeps the previous scopes, because an omitted scope means "identical to what was
 *   requested" (RFC 6749 §5.1, §6);
 * - no `id_token` keeps the previous one (OIDC Core §12.2 makes it optional on refresh; the
 *   session's identity is unchanged, and logout still needs an `id_token_hint`);
 * - expiry is never inherited: it belongs to the old access token.
 *
 * A response that is not a token response throws `ArgumentError` naming `response`.
 *
 * @example
 * const first = createTokenSet({ access_token: 'a', token_type: 'Bearer', expires_in: 3600, refresh_token: 'r' })
 * const next = createTokenSet(await refresh(first.refreshToken!), { previous: first })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function createTokenSet(response: TokenResponse, options: CreateTokenSetOptions = {}): TokenSet {
  const parsed = TokenResponseSchema.safeParse(response)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ArgumentError(
      `"response" is not a token response: ${issue?.path.join('.') || '(root)'} ${issue?.message}`,
    )
  }
  const res = parsed.data
  const { previous } = options
  if (previous !== undefined && !(previous instanceof TokenSet)) {
    throw new ArgumentError('"previous" must be a TokenSet')
  }
  const delimiter = options.scopeDelimiter ?? previous?.scopeDelimiter ?? ' '
  if (typeof delimiter !== 'string' || delimiter.length === 0) {
    throw new ArgumentError('"scopeDelimiter" must be a non-empty string')
  }
  const now = clockOption(options.now)
  const expiresAt = res.expires_in === undefined ? undefined : Math.floor(now() / 1000) + res.expires_in
  const scopes = res.scope !== undefined ? parseScopes(res.scope, delimiter) : (previous?.scopes ?? [])
  return construct(
    {
      accessToken: res.access_token,
      tokenType: res.token_type,
      refreshToken: res.refresh_token ?? previous?.refreshToken,
      idToken: res.id_token ?? previous?.idToken,
      expiresAt,
      scopes,
      scopeDelimiter: delimiter,
      raw: res,
    },
    now,
  )
}
