import type { OAuth2MockState } from './oauth2-state.js'
import { json, type MockResponse, randomCredential, redirect } from './serve.js'
import type { MockRequest } from './types.js'

/**
 * The authorization endpoint: approves at once and redirects with `code`, `state`, the spec's
 * echoed callback parameters and `iss`; a spec requiring PKCE refuses a request without S256, and
 * one without a parameter the spec gives a `default` (a parameter the provider requires).
 */
export function authorize(state: OAuth2MockState, req: MockRequest): MockResponse {
  const { spec } = state
  const q = req.url.searchParams
  const redirectUri = q.get('redirect_uri')
  const clientId = q.get('client_id')
  if (!redirectUri || !clientId) {
    return json(400, {
      error: 'invalid_request',
      error_description: 'redirect_uri and client_id are required',
    })
  }
  const back = new URL(redirectUri)
  const st = q.get('state')
  if (st) back.searchParams.set('state', st)
  const challenge = q.get('code_challenge') ?? undefined
  const missing = missingRequiredParam(state, q)
  if (spec.pkce === 'required' && (!challenge || q.get('code_challenge_method') !== 'S256')) {
    back.searchParams.set('error', 'invalid_request')
    back.searchParams.set('error_description', 'code_challenge with S256 is required')
  } else if (missing) {
    back.searchParams.set('error', 'invalid_request')
    back.searchParams.set('error_description', `${missing} is required`)
  } else {
    const code = randomCredential()
    const echoed: Record<string, string> = {}
    for (const name of spec.callback?.echoParams ?? []) {
      echoed[name] = `mock-${name}`
      back.searchParams.set(name, echoed[name])
    }
    state.grants.set(code, {
      clientId,
      redirectUri,
      scopes: (q.get('scope') ?? '').split(spec.scopes.requestDelimiter).filter(Boolean),
      challenge,
      nonce: q.get('nonce') ?? undefined,
      echoed,
      claims: promisedClaims(state, q),
    })
    back.searchParams.set('code', code)
  }
  const iss = spec.callback?.issuer?.value
  if (iss) back.searchParams.set('iss', iss)
  return redirect(back)
}

/** The first parameter with a `default` (one the provider requires) that the request lacks. */
function missingRequiredParam(state: OAuth2MockState, q: URLSearchParams): string | undefined {
  for (const [name, param] of Object.entries(state.spec.authorizationParams ?? {})) {
    if (param.type !== 'boolean' && param.default !== undefined && !q.get(name)) return name
  }
  return undefined
}

/** The ID token confirms what `checkClaim` parameters asked for; `*` gets a sample value. */
function promisedClaims(state: OAuth2MockState, q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, param] of Object.entries(state.spec.authorizationParams ?? {})) {
    const value = q.get(name)
    if (param.type === 'boolean' || !param.checkClaim || value === null) continue
    out[param.checkClaim] = value === '*' ? 'mock.example' : value
  }
  return out
}
