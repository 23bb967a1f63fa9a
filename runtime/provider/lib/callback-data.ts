import { OAuthError } from '../../errors.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/**
 * The JSON the spec's `callback.data` parameters carry (Apple's first-login `user`), by name;
 * undefined when the spec declares none or the callback carries none of them. Each value is
 * untrusted browser input: it must parse as JSON and pass its schema, or, in the sign-in data of a
 * `<provider>Login` client (which carries no schemas), be a JSON object.
 *
 * @example
 * callbackData(appleSpec, formBody) // { user: { name: { firstName: 'Jane', lastName: 'Doe' }, email } }
 * @see https://developer.apple.com/documentation/sign_in_with_apple/incorporating-sign-in-with-apple-into-other-platforms
 */
export function callbackData(
  spec: ProviderLoginSpec,
  callbackUrl: string | URL | URLSearchParams,
): Record<string, unknown> | undefined {
  const declared = Object.entries(spec.callback?.data ?? {})
  if (declared.length === 0) return undefined
  const params = callbackUrl instanceof URLSearchParams ? callbackUrl : new URL(callbackUrl).searchParams
  const out: Record<string, unknown> = {}
  for (const [name, schema] of declared) {
    const text = params.get(name)
    if (text === null) continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (cause) {
      throw invalid(`${spec.displayName}: callback parameter "${name}" is not JSON`, name, cause)
    }
    if ('safeParse' in schema) {
      const parsed = schema.safeParse(value)
      if (!parsed.success) {
        const path = parsed.error.issues[0]?.path.join('.') || '(root)'
        throw invalid(`${spec.displayName}: callback parameter "${name}" field "${path}" is invalid`, name)
      }
      value = parsed.data
    } else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalid(`${spec.displayName}: callback parameter "${name}" must be a JSON object`, name)
    }
    out[name] = value
  }
  return Object.keys(out).length > 0 ? out : undefined
}

function invalid(description: string, claim: string, cause?: unknown): OAuthError {
  return new OAuthError('INVALID_RESPONSE', {
    error: 'invalid_response',
    error_description: description,
    claim,
    cause,
  })
}
