import { OAuthError } from '../../errors.js'
import { type HttpOptions, type HttpResponse, httpRequest } from '../../lib/http.js'
import { decodeBody, errorFromBody } from '../../lib/json-response.js'
import { parseOAuthProblem } from '../problem.js'
import { type SignRequestInput, signRequest } from '../sign-request.js'
import { mediaType } from './params.js'

/** Signs a request and sends it through `httpRequest`. */
export async function sendSigned(
  input: SignRequestInput,
  http: HttpOptions & { headers?: Record<string, string> | undefined },
): Promise<HttpResponse> {
  const signed = await signRequest(input)
  const init: RequestInit = { method: signed.method, headers: { ...http.headers, ...signed.headers } }
  if (signed.body !== undefined) init.body = signed.body as BodyInit
  return httpRequest(signed.url, init, http)
}

/** Throws the server's problem report, if the response carries one. */
export function throwIfProblem(res: HttpResponse): void {
  const problem = parseOAuthProblem({ status: res.status, headers: res.headers, body: res.text() })
  if (problem) throw problem
}

/**
 * Reads a credentials response (RFC 5849 §2.1, §2.3): HTTP 200 with a form-encoded body.
 * Problem reports and RFC 6749-style JSON errors become `OAuthError`s; other failures are
 * `INVALID_RESPONSE` naming the status.
 */
export function readCredentialsBody(res: HttpResponse): unknown {
  throwIfProblem(res)
  const json = mediaType(res.headers.get('content-type')).endsWith('json')
  if (res.status !== 200) {
    const body = json ? safeDecode(res) : undefined
    throw (
      errorFromBody(body, res.status) ??
      new OAuthError('INVALID_RESPONSE', {
        error: 'invalid_response',
        error_description: `unexpected HTTP ${res.status} from the credentials endpoint`,
        status: res.status,
      })
    )
  }
  // Servers label form bodies text/plain or text/html as often as correctly; only JSON differs.
  if (json) return decodeBody(res)
  return Object.fromEntries(new URLSearchParams(res.text().trim()))
}

function safeDecode(res: HttpResponse): unknown {
  try {
    return decodeBody(res)
  } catch {
    return undefined
  }
}

/** String fields a server returned besides the ones the protocol defines. */
export function extraFields(body: Record<string, unknown>, known: readonly string[]): Record<string, string> {
  const extra: Record<string, string> = {}
  for (const [k, v] of Object.entries(body)) {
    if (!known.includes(k) && typeof v === 'string') extra[k] = v
  }
  return extra
}
