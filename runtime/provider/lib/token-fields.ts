import { OAuthError } from '../../errors.js'
import type { FieldType, ProviderLoginSpec } from '../spec-types.js'

/**
 * Picks the spec's extra token-response fields and checks their types. Form-encoded responses
 * carry every value as text, so numbers and booleans written as text are converted.
 */
export function extraTokenFields(
  spec: ProviderLoginSpec,
  raw: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, type] of Object.entries(spec.tokenResponse?.extraFields ?? {}).sort()) {
    const value = raw[name]
    if (value === undefined || value === null) continue
    out[name] = coerce(name, type, value)
  }
  return out
}

function coerce(name: string, type: FieldType, value: unknown): unknown {
  if (typeof value === type) return value
  if (typeof value === 'string') {
    if (type === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value)
    if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true'
  }
  if (type === 'string' && typeof value === 'number') return String(value)
  throw new OAuthError('INVALID_RESPONSE', {
    error: 'invalid_response',
    error_description: `token response field "${name}" must be a ${type}, got ${typeof value}`,
    claim: name,
  })
}
