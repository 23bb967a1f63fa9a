import { basic, type Fixture, formRequest, VERIFIER, WEB_REDIRECT } from './fixtures.js'

/** Exchanges a code of the `web` client (PKCE verifier of the fixtures) and returns the token response. */
export async function tokenFor(f: Fixture, code: string): Promise<Record<string, string>> {
  const res = await f.server.tokenEndpoint(
    formRequest(
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT, code_verifier: VERIFIER },
      { authorization: basic('web', 'web-secret') },
    ),
  )
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as Record<string, string>
}
