import { OAuthError } from '../runtime/errors.js'

/**
 * Follows a mock's authorization URL as the user's browser would and returns what reaches the
 * redirect URI: the redirect's URL, or for a `form_post` provider (the mock answers with a page
 * that POSTs hidden fields) the fields as the POST body a server would receive. Either is what
 * the client's `callback` takes.
 *
 * @example
 * const { url, session } = await client.authorizationUrl()
 * const tokens = await client.callback(await approve(url), session)
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode
 */
export async function approve(url: URL): Promise<string | URLSearchParams> {
  const res = await fetch(url, { redirect: 'manual' })
  const location = res.headers.get('location')
  if (res.status === 302 && location) return location
  const page = await res.text()
  if (res.status !== 200 || !page.includes('<form')) {
    throw new OAuthError('INVALID_RESPONSE', {
      error: 'invalid_response',
      error_description: `the authorization endpoint answered HTTP ${res.status}: ${page.slice(0, 200)}`,
      status: res.status,
    })
  }
  const fields = new URLSearchParams()
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.append(unescapeHtml(name!), unescapeHtml(value!))
  }
  return fields
}

const unescapeHtml = (html: string) =>
  html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))

/** The parameters of what `approve` returned: the redirect's query or the POSTed fields. */
export function approvedParams(approved: string | URLSearchParams): URLSearchParams {
  return typeof approved === 'string' ? new URL(approved).searchParams : approved
}
