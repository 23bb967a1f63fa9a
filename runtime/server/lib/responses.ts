import { randomToken } from '../../lib/random.js'
import { OAuthServerError, serverError } from '../errors.js'
import type { LiteResponse } from './lite-http.js'

/** Headers every token-bearing response carries (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const

/** A JSON response; `noStore` adds the RFC 6749 §5.1 caching headers. */
export function jsonResponse(
  body: unknown,
  init?: { status?: number; noStore?: boolean; headers?: HeadersInit },
) {
  const headers = new Headers(init?.headers)
  if (!headers.has('content-type')) headers.set('content-type', 'application/json;charset=UTF-8')
  if (init?.noStore !== false) {
    for (const [k, v] of Object.entries(NO_STORE)) headers.set(k, v)
  }
  return new Response(JSON.stringify(body), { status: init?.status ?? 200, headers })
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

/** A minimal HTML error page for authorization errors that must not be redirected. */
export function errorPage(error: string, description: string | undefined, status = 400): Response {
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>Authorization error</title></head><body>' +
    `<h1>Authorization error</h1><p><code>${escapeHtml(error)}</code></p>` +
    (description ? `<p>${escapeHtml(description)}</p>` : '') +
    '</body></html>'
  return new Response(html, { status, headers: PAGE_HEADERS })
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
): Response {
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
  return new Response(html, {
    status: 200,
    headers: {
      ...PAGE_HEADERS,
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; form-action ${new URL(target).origin}; frame-ancestors 'none'`,
    },
  })
}

/** A redirect carrying `params` in the query of `target`, never cached. */
export function redirectResponse(target: string, params: Record<string, string | undefined>): Response {
  const url = new URL(target)
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.append(k, v)
  return new Response(null, {
    status: 302,
    headers: { location: url.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  })
}

/** A redirect carrying `params` in the fragment of `target` (OAuth 2.0 Multiple Response Types §2). */
function fragmentRedirect(target: string, params: Record<string, string | undefined>): Response {
  const url = new URL(target)
  const fragment = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) fragment.append(k, v)
  url.hash = fragment.toString()
  return new Response(null, {
    status: 302,
    headers: { location: url.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  })
}

/** Headers of a JSON token response (RFC 6749 §5.1), shared by every lite JSON response. */
const JSON_NO_STORE: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json;charset=UTF-8',
  ...NO_STORE,
})

/** `jsonResponse(body)` as a `LiteResponse`: the same status, headers and body. */
export function liteJson(body: unknown, status = 200): LiteResponse {
  return { status, headers: JSON_NO_STORE, body: JSON.stringify(body) }
}

/** `errorToResponse(err)` as a `LiteResponse`: the same status, headers and RFC 6749 §5.2 body. */
export function liteError(err: unknown): LiteResponse {
  const e =
    err instanceof OAuthServerError
      ? err
      : serverError('server_error', 'the server could not process the request')
  const headers: Record<string, string> = { ...JSON_NO_STORE }
  for (const [k, v] of Object.entries(e.headers)) headers[k.toLowerCase()] = v
  if (e.wwwAuthenticate) headers['www-authenticate'] = e.wwwAuthenticate
  return { status: e.status, headers, body: JSON.stringify(e.toJSON()) }
}
