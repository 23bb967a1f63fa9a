// Test-side helpers for driving an emulator with plain fetch (used by the emulator tests).
import { randomBytes } from 'node:crypto'
import { s256 } from './state.js'

/** GETs an authorization URL without following the redirect; returns the callback URL. */
export async function followAuthorize(url: string | URL): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' })
  const location = res.headers.get('location')
  if (res.status !== 302 || !location) {
    throw new Error(`expected a 302 from ${String(url)}, got ${res.status}: ${await res.text()}`)
  }
  return new URL(location)
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: s256(verifier) }
}

export function formPost(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  })
}

export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+')
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`
}

/** GETs an authorization URL answered with a form_post page; returns where and what it POSTs. */
export async function followFormPost(url: string | URL): Promise<{ action: string; body: URLSearchParams }> {
  const res = await fetch(url, { redirect: 'manual' })
  const page = await res.text()
  const action = /<form method="post" action="([^"]*)"/.exec(page)?.[1]
  if (res.status !== 200 || action === undefined) {
    throw new Error(`expected a form_post page from ${String(url)}, got ${res.status}: ${page}`)
  }
  const decodeEntities = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  const body = new URLSearchParams()
  for (const m of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    body.append(decodeEntities(m[1]!), decodeEntities(m[2]!))
  }
  return { action: decodeEntities(action), body }
}
