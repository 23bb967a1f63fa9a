import { percentEncode } from './percent-encode.js'
import type { OAuth1Rejected } from './verify.js'

/**
 * Renders a verifier rejection as an HTTP response per the OAuth Problem Reporting extension:
 * status 400 or 401, a `WWW-Authenticate: OAuth realm=…, oauth_problem=…` challenge, and the
 * same fields as a form-encoded body. Never includes secrets or a stack trace.
 *
 * @example
 * const result = await verifier.verify(request)
 * if (!result.ok) return oauth1ProblemResponse(result, { realm: 'Photos' })
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
export function oauth1ProblemResponse(rejection: OAuth1Rejected, options: { realm?: string } = {}): Response {
  const fields: Array<[string, string]> = [
    ['oauth_problem', rejection.problem],
    ...Object.entries(rejection.details),
  ]
  const challenge = [
    `realm="${(options.realm ?? '').replace(/["\\]/g, '')}"`,
    ...fields.map(([k, v]) => `${k}="${percentEncode(v)}"`),
  ].join(', ')
  return new Response(fields.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'), {
    status: rejection.status,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'WWW-Authenticate': `OAuth ${challenge}`,
      'Cache-Control': 'no-store',
    },
  })
}
