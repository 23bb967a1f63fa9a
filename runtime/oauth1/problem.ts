import { OAuthError } from '../errors.js'
import { parseOAuthAuthParams } from './lib/header.js'

/** Problem codes of the OAuth Problem Reporting extension. Servers may send others. */
export type OAuth1ProblemCode =
  | 'version_rejected'
  | 'parameter_absent'
  | 'parameter_rejected'
  | 'timestamp_refused'
  | 'nonce_used'
  | 'signature_method_rejected'
  | 'signature_invalid'
  | 'consumer_key_unknown'
  | 'consumer_key_rejected'
  | 'consumer_key_refused'
  | 'token_used'
  | 'token_expired'
  | 'token_revoked'
  | 'token_rejected'
  | 'additional_authorization_required'
  | 'permission_unknown'
  | 'permission_denied'
  | 'user_refused'

/** The parts of an HTTP response a problem report can be in. */
export interface ProblemSource {
  status: number
  headers: Headers
  /** The body as text. */
  body: string
}

/**
 * Reads an OAuth Problem Reporting error from a response: `oauth_problem` (and
 * `oauth_problem_advice`, `oauth_parameters_absent`, `oauth_acceptable_timestamps`,
 * `oauth_acceptable_versions`) in the `WWW-Authenticate: OAuth` challenge or in a form-encoded
 * body. Returns an `OAuthError` with code `OAUTH1_PROBLEM`, `error` = the problem and
 * `error_description` = the advice, or undefined when the response reports no problem.
 *
 * @example
 * const err = parseOAuthProblem({ status: res.status, headers: res.headers, body: res.text() })
 * if (err?.error === 'timestamp_refused') resyncClock()
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
export function parseOAuthProblem(res: ProblemSource): OAuthError | undefined {
  const fields = fromHeader(res.headers.get('www-authenticate')) ?? fromBody(res.body)
  const problem = fields?.get('oauth_problem')
  if (!fields || !problem) return undefined
  const details: string[] = []
  const advice = fields.get('oauth_problem_advice')
  if (advice) details.push(advice)
  const absent = fields.get('oauth_parameters_absent')
  if (absent) details.push(`absent parameters: ${absent}`)
  const acceptable = fields.get('oauth_acceptable_timestamps')
  if (acceptable) details.push(`acceptable timestamps: ${acceptable}`)
  const versions = fields.get('oauth_acceptable_versions')
  if (versions) details.push(`acceptable versions: ${versions}`)
  return new OAuthError('OAUTH1_PROBLEM', {
    error: problem,
    error_description: details.length > 0 ? details.join('; ') : undefined,
    status: res.status,
    claim: absent || undefined,
  })
}

function fromHeader(value: string | null): Map<string, string> | undefined {
  const parsed = parseOAuthAuthParams(value)
  if (!parsed) return undefined
  const map = new Map(parsed.params)
  return map.has('oauth_problem') ? map : undefined
}

function fromBody(body: string): Map<string, string> | undefined {
  // Only a form body can report a problem; anything else (HTML, JSON) is not one.
  if (!/(^|&)oauth_problem=/.test(body.trim())) return undefined
  return new Map(new URLSearchParams(body.trim()))
}
