import type { Auth, AuthorizeResult } from '../types.js'

/** Bytes of a body a framework already parsed, re-encoded as a form (what `form_post` sends). */
export function reencodeBody(body: unknown): Uint8Array<ArrayBuffer> | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return new TextEncoder().encode(body)
  if (body instanceof Uint8Array) return new Uint8Array(body)
  if (typeof body !== 'object') return undefined
  const form = new URLSearchParams()
  for (const [k, v] of Object.entries(body)) {
    for (const item of Array.isArray(v) ? v : [v])
      form.append(k, typeof item === 'string' ? item : String(item))
  }
  return new TextEncoder().encode(form.toString())
}

/**
 * `authorizeAccessToken`, handing every `Set-Cookie` (the transaction cookie's deletion, on
 * success and on failure alike) to `setCookies` before returning or rethrowing.
 */
export async function finishLogin(
  auth: Auth,
  request: Request,
  name: string | undefined,
  setCookies: (values: string[]) => void,
): Promise<AuthorizeResult> {
  let result: AuthorizeResult
  try {
    result = await auth.authorizeAccessToken(request, name)
  } catch (err) {
    setCookies((await auth.clearTransaction(request)).getSetCookie())
    throw err
  }
  setCookies(result.headers.getSetCookie())
  return result
}
