/**
 * Responses of the demo's pages: security headers on every page, 303 redirects, the stylesheet.
 * Forms are read and origin-checked with the kit's `readForm` and `sameOrigin` (runtime/idp/respond.ts).
 */

import type { Html } from '../../runtime/idp/pages/html.js'
import { STYLESHEET } from '../../runtime/idp/pages/styles.js'
import { stylesheet as cssResponse } from '../../runtime/idp/respond.js'

/**
 * Pages may not be framed (clickjacking, RFC 6819 §4.4.1.9), load only our stylesheet and run no
 * script at all.
 */
const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html;charset=UTF-8',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data: https:; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // `same-origin`, not `no-referrer`: with `no-referrer` Chromium sends `Origin: null` on our own form posts.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
}

/** An HTML page with the security headers; `cookies` become `Set-Cookie` headers. */
export function page(body: Html, init: { status?: number; cookies?: (string | undefined)[] } = {}): Response {
  const headers = new Headers(PAGE_HEADERS)
  for (const c of init.cookies ?? []) if (c) headers.append('set-cookie', c)
  return new Response(`<!doctype html>\n${body.value}`, { status: init.status ?? 200, headers })
}

/** A 303 redirect (the browser follows it with GET, also after a form POST). */
export function redirect(location: string, cookies: (string | undefined)[] = []): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' })
  for (const c of cookies) if (c) headers.append('set-cookie', c)
  return new Response(null, { status: 303, headers })
}

/** Copies `Set-Cookie` values onto a response produced elsewhere (e.g. the authorization server's redirect). */
export function withCookies(response: Response, cookies: (string | undefined)[]): Response {
  const headers = new Headers(response.headers)
  for (const c of cookies) if (c) headers.append('set-cookie', c)
  return new Response(response.body, { status: response.status, headers })
}

/** `GET /styles.css`: the identity kit's stylesheet, so the app looks like Local ID. */
export function stylesheet(): Response {
  return cssResponse(STYLESHEET)
}
