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
