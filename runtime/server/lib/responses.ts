import { randomToken } from '../../lib/random.js'
import { JSON_NO_STORE } from '../errors.js'
import type { CoreResponse } from './core-http.js'

/** Headers every token-bearing response carries (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const

/**
 * A JSON response. Without options it is a token response (RFC 6749 §5.1: `no-store`), with the
 * headers object every such response shares; `noStore: false` drops the caching headers, and
 * `headers` add to or override the defaults.
 */
export function jsonResponse(
  body: unknown,
  init?: { status?: number; noStore?: boolean; headers?: Readonly<Record<string, string>> },
): CoreResponse {
  const status = init?.status ?? 200
  if (init?.headers === undefined && init?.noStore !== false)
    return { status, headers: JSON_NO_STORE, body: JSON.stringify(body) }
  const headers =
    init.noStore === false
      ? { 'content-type': JSON_NO_STORE['content-type'] as string }
      : { ...JSON_NO_STORE }
  return { status, headers: { ...headers, ...init.headers }, body: JSON.stringify(body) }
}

/** Headers that forbid framing (clickjacking, RFC 6819 §4.4.1.9) and sniffing. */
export const PAGE_HEADERS = {
  'content-type': 'text/html;charset=UTF-8',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
} as const

/**
 * A minimal HTML error page for authorization errors that must not be redirected; `headers` are
 * the error's own (`Allow` on 405).
 */
export function errorPage(
  error: string,
  description: string | undefined,
  status = 400,
  headers?: Readonly<Record<string, string>>,
): CoreResponse {
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>Authorization error</title></head><body>' +
    `<h1>Authorization error</h1><p><code>${escapeHtml(error)}</code></p>` +
    (description ? `<p>${escapeHtml(description)}</p>` : '') +
    '</body></html>'
  return { status, headers: headers ? { ...headers, ...PAGE_HEADERS } : PAGE_HEADERS, body: html }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * An authorization response: a redirect with `params` in the query (or, for `fragment`, the
 * fragment) of `target`, or for
 * `form_post` an auto-submitting HTML form (OAuth 2.0 Form Post Response Mode), never cached.
 */
export function authorizationResponse(
  target: string,
  params: Record<string, string | undefined>,
  mode: 'query' | 'fragment' | 'form_post',
): CoreResponse {
  if (mode === 'query') return redirectResponse(target, params)
  if (mode === 'fragment') return fragmentRedirect(target, params)
  const nonce = randomToken(16)
  const inputs = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('')
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>Submitting...</title></head><body>' +
    `<form method="post" action="${escapeHtml(target)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form>` +
    `<script nonce="${nonce}">document.forms[0].submit()</script></body></html>`
  return {
    status: 200,
    headers: {
      ...PAGE_HEADERS,
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(target).origin}; frame-ancestors 'none'`,
    },
    body: html,
  }
}

/** A redirect carrying `params` in the query of `target`, never cached. */
export function redirectResponse(target: string, params: Record<string, string | undefined>): CoreResponse {
  const url = new URL(target)
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.append(k, v)
  return redirect(url.href)
}

/** A redirect carrying `params` in the fragment of `target` (OAuth 2.0 Multiple Response Types §2). */
function fragmentRedirect(target: string, params: Record<string, string | undefined>): CoreResponse {
  const url = new URL(target)
  const fragment = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) fragment.append(k, v)
  url.hash = fragment.toString()
  return redirect(url.href)
}

/** A 302 to `location`, never cached, sending no referrer on. */
function redirect(location: string): CoreResponse {
  return {
    status: 302,
    headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    body: null,
  }
}

/** An empty response: 200 with the no-store headers (revocation), or 204 (client deleted). */
export function emptyResponse(status: 200 | 204): CoreResponse {
  return { status, headers: status === 200 ? NO_STORE : { 'cache-control': 'no-store' }, body: null }
}
