import { ArgumentError } from '../../errors.js'
import type { AccessTokenSource } from '../client-types.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/** Whether two URLs share an origin; false when either does not parse. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}

/** `JSON.parse` of stored tokens, failing as an `ArgumentError`. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ArgumentError('"stored" is not valid JSON')
  }
}

/** The access token of a token set, or the token itself. */
export function accessTokenOf(tokens: AccessTokenSource): string {
  const token = typeof tokens === 'string' ? tokens : tokens?.accessToken
  if (!token) throw new ArgumentError('"tokens" must be a token set or an access token')
  return token
}

/** Refuses scopes the spec does not list, unless it allows unlisted ones. */
export function checkScopes(spec: ProviderLoginSpec, scopes: readonly string[]): void {
  if (spec.scopes.allowUnlisted) return
  for (const scope of scopes) {
    if (!Object.hasOwn(spec.scopes.supported, scope)) {
      throw new ArgumentError(`"scopes" contains "${scope}", which ${spec.displayName} does not document`)
    }
  }
}

/**
 * Checks the typed extra parameters at run time too (callers may be plain JavaScript), and adds the
 * `default` of each required parameter the caller left out.
 */
export function extraParams(
  spec: ProviderLoginSpec,
  params: Record<string, unknown>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(params)) {
    const p = spec.authorizationParams?.[name]
    if (!p) throw new ArgumentError(`"params.${name}" is not a parameter ${spec.displayName} understands`)
    if (value === undefined) continue
    const ok =
      p.type === 'boolean'
        ? typeof value === 'boolean'
        : typeof value === 'string' && (p.type !== 'enum' || p.values.includes(value))
    if (!ok) {
      const want = p.type === 'enum' ? `one of ${p.values.join(', ')}` : `a ${p.type}`
      throw new ArgumentError(`"params.${name}" must be ${want}`)
    }
    out[name] = String(value)
  }
  // A parameter the provider requires is always sent: the caller's value, else the spec's default.
  for (const [name, p] of Object.entries(spec.authorizationParams ?? {})) {
    if (p.type !== 'boolean' && p.default !== undefined && out[name] === undefined) out[name] = p.default
  }
  return out
}
