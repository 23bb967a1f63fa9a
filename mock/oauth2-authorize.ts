import { fixtureFor } from './fixture.js'
import type { OAuth2MockState } from './oauth2-state.js'
import { json, type MockResponse, randomCredential, redirect } from './serve.js'
import type { MockRequest } from './types.js'

/**
 * The authorization endpoint: approves at once and answers with `code`, `state`, the spec's
 * echoed callback parameters, its `callback.data` JSON and `iss` — a redirect, or for a spec with
 * `callback.responseMode: 'form_post'` a page that POSTs them to the redirect URI. It refuses a
 * request without PKCE where the spec requires it, a challenge method other than the spec's
 * `pkceMethod` (S256 unless the spec says plain), a missing `response_mode=form_post` where the
 * provider requires it, and one without a parameter the spec gives a `default`.
 */
export function authorize(state: OAuth2MockState, req: MockRequest): MockResponse {
  const { spec } = state
  const q = req.url.searchParams
  const redirectUri = q.get('redirect_uri')
  const clientId = q.get(state.clientIdParam)
  if (!redirectUri || !clientId) {
    return json(400, {
      error: 'invalid_request',
      error_description: `redirect_uri and ${state.clientIdParam} are required`,
    })
  }
  const back = new URLSearchParams()
  const st = q.get('state')
  if (st) back.set('state', st)
  const challenge = q.get('code_challenge') ?? undefined
  const method = spec.pkceMethod ?? 'S256'
  const refused = refusal(state, q, challenge, method)
  if (refused) {
    back.set('error', 'invalid_request')
    back.set('error_description', refused)
  } else {
    const code = randomCredential()
    const echoed: Record<string, string> = {}
    for (const name of spec.callback?.echoParams ?? []) {
      echoed[name] = `mock-${name}`
      back.set(name, echoed[name])
    }
    for (const [name, schema] of Object.entries(spec.callback?.data ?? {})) {
      back.set(name, JSON.stringify(fixtureFor(schema, name)))
    }
    state.grants.set(code, {
      clientId,
      redirectUri,
      scopes: (q.get('scope') ?? '').split(spec.scopes.requestDelimiter).filter(Boolean),
      challenge,
      challengeMethod: method,
      nonce: q.get('nonce') ?? undefined,
      echoed,
      claims: promisedClaims(state, q),
    })
    back.set('code', code)
  }
  const iss = spec.callback?.issuer?.value
  if (iss) back.set('iss', iss)
  return spec.callback?.responseMode === 'form_post'
    ? formPost(redirectUri, back)
    : redirectWith(redirectUri, back)
}

/** Why the provider would refuse this authorization request, or undefined. */
function refusal(
  state: OAuth2MockState,
  q: URLSearchParams,
  challenge: string | undefined,
  method: 'S256' | 'plain',
): string | undefined {
  const { spec } = state
  if (challenge && (q.get('code_challenge_method') ?? 'plain') !== method) {
    return `code_challenge_method must be ${method}`
  }
  if (spec.pkce === 'required' && !challenge) return `code_challenge with ${method} is required`
  const mode = spec.callback?.responseMode
  if (mode && q.get('response_mode') !== mode) return `response_mode must be ${mode}`
  const missing = missingRequiredParam(state, q)
  return missing ? `${missing} is required` : undefined
}

function redirectWith(redirectUri: string, params: URLSearchParams): MockResponse {
  const back = new URL(redirectUri)
  for (const [name, value] of params) back.searchParams.set(name, value)
  return redirect(back)
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The OAuth 2.0 Form Post Response Mode page: hidden fields, submitted on load. */
function formPost(redirectUri: string, params: URLSearchParams): MockResponse {
  const fields = [...params]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('')
  return {
    status: 200,
    headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${fields}</form></body>`,
  }
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
