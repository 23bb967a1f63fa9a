/** The kit's responses: pages with their security headers, 303 redirects, form bodies. */

/**
 * Pages may not be framed (clickjacking, RFC 6819 §4.4.1.9; RFC 9700 §4.16), load only the
 * provider's stylesheet and run no script.
 */
const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html;charset=UTF-8',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // `same-origin`, not `no-referrer`: with `no-referrer` Chromium sends `Origin: null` on our own form posts.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
}

/** Largest form body the kit reads. */
const MAX_FORM_BYTES = 64 * 1024

/** An HTML page with the security headers; `cookies` become `Set-Cookie` headers. */
export function page(body: string, status: number, cookies: readonly string[] = []): Response {
  return new Response(body, { status, headers: withSetCookie(PAGE_HEADERS, cookies) })
}

/** A 303 redirect (the browser follows it with GET, also after a form POST). */
export function redirect(location: string, cookies: readonly string[] = []): Response {
  const headers = withSetCookie({ location, 'cache-control': 'no-store' }, cookies)
  return new Response(null, { status: 303, headers })
}

/** Adds `Set-Cookie` values to a response made elsewhere (the authorization server's redirect). */
export function withCookies(response: Response, cookies: readonly string[]): Response {
  const headers = withSetCookie(response.headers, cookies)
  return new Response(response.body, { status: response.status, headers })
}

function withSetCookie(init: HeadersInit, cookies: readonly string[]): Headers {
  const headers = new Headers(init)
  for (const c of cookies) headers.append('set-cookie', c)
  return headers
}

/** The form of a POST; empty unless `application/x-www-form-urlencoded` and at most 64 KiB. */
export async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams()
  const text = await request.text()
  return text.length > MAX_FORM_BYTES ? new URLSearchParams() : new URLSearchParams(text)
}

/** A stylesheet, cacheable for five minutes. */
export function stylesheet(css: string): Response {
  return new Response(css, {
    headers: {
      'content-type': 'text/css;charset=UTF-8',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    },
  })
}

/** False when the browser says the form came from another origin: a second line next to the CSRF token. */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin')
  return origin === null || origin === new URL(request.url).origin
}
