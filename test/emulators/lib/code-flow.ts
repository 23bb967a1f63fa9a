// The plain authorization-code flow several providers share (authorize redirect, client_secret_post
// token endpoint with code, PKCE and refresh grants); each emulator gives its own rules and formats.

import { type LoginControl, performLogin, splitScopes } from './emulator.js'
import { type EmuRequest, type EmuResponse, html, json, redirect } from './server.js'
import type { Clock, EmulatorState, IssuedToken } from './state.js'
import {
  issueCode,
  issuePair,
  liveToken,
  pkceMatches,
  redeemableCode,
  revokeGrant,
  safeEqual,
} from './state.js'

export interface FlowClient {
  clientId: string
  /** Absent for a public client: it authenticates with its client_id alone. */
  clientSecret?: string
  redirectUris: string[]
}

export interface CodeFlowOptions {
  state: EmulatorState
  clock: Clock
  users: Map<string, unknown>
  clients: Map<string, FlowClient>
  login: LoginControl
  scopeSeparator: RegExp
  /** PKCE challenge methods accepted (upper case), and whether a challenge is required. */
  pkce: { methods: string[]; required: boolean } | undefined
  accessTtl: number
  refreshTtl: number | undefined
  /** The refresh grant ends the old pair. */
  rotate: boolean
  /** The token answer in the provider's format, for the grant type that earned it. */
  answer(body: Record<string, unknown>, grant: IssuedToken, grantType: string): EmuResponse
  /** A token-endpoint error in the provider's format. */
  fail(error: string, description: string): EmuResponse
}

export interface CodeFlow {
  authorize(req: EmuRequest): EmuResponse
  /** The token endpoint on already-parsed parameters (client id and secret among them). */
  token(p: URLSearchParams): EmuResponse
  /** The client of `p`'s client_id and client_secret (client_id alone for a public client), or undefined. */
  authenticate(p: URLSearchParams): FlowClient | undefined
}

/** The token-endpoint error where the provider documents none: RFC 6749 §5.2 JSON, 400 (401 for the client). */
export function rfcTokenError(error: string, error_description: string): EmuResponse {
  return json(error === 'invalid_client' ? 401 : 400, { error, error_description })
}

export function codeFlow(o: CodeFlowOptions): CodeFlow {
  const { state, clock } = o
  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    const client = o.clients.get(q.get('client_id') ?? '')
    const back = q.get('redirect_uri') ?? client?.redirectUris[0] ?? ''
    if (!client?.redirectUris.includes(back)) return html(400, '<p>invalid client_id or redirect_uri</p>')
    const st = q.get('state') ?? undefined
    const challenge = q.get('code_challenge') ?? undefined
    // RFC 7636 §4.3: no method means plain.
    const method =
      challenge === undefined ? undefined : (q.get('code_challenge_method') ?? 'plain').toUpperCase()
    if (q.get('response_type') !== 'code')
      return redirect(back, { error: 'unsupported_response_type', state: st })
    if (
      (o.pkce?.required && challenge === undefined) ||
      (method !== undefined && !o.pkce?.methods.includes(method))
    ) {
      return redirect(back, { error: 'invalid_request', error_description: 'code_challenge', state: st })
    }
    const who = performLogin(o.login, o.users)
    if (!who.ok) return redirect(back, { error: 'access_denied', state: st })
    const code = issueCode(state, clock.now(), 10 * 60 * 1000, {
      clientId: client.clientId,
      userId: who.userId,
      redirectUri: back,
      scopes: splitScopes(q.get('scope'), o.scopeSeparator),
      codeChallenge: challenge,
      codeChallengeMethod: method,
    })
    return redirect(back, { code, state: st })
  }

  function authenticate(p: URLSearchParams): FlowClient | undefined {
    const client = o.clients.get(p.get('client_id') ?? '')
    if (client?.clientSecret === undefined) return client
    return safeEqual(p.get('client_secret') ?? '', client.clientSecret) ? client : undefined
  }

  function token(p: URLSearchParams): EmuResponse {
    const client = authenticate(p)
    if (!client) return o.fail('invalid_client', 'Client authentication failed')
    const now = clock.now()
    let grant: { userId: string; scopes: string[] }
    if (p.get('grant_type') === 'refresh_token') {
      const rt = liveToken(state, p.get('refresh_token') ?? undefined, 'refresh', now)
      if (!rt || rt.clientId !== client.clientId)
        return o.fail('invalid_grant', 'The refresh token is invalid.')
      if (o.rotate) revokeGrant(state, rt.grantId)
      grant = rt
    } else if (p.get('grant_type') === 'authorization_code') {
      const code = redeemableCode(state, now, p.get('code'), client.clientId, p.get('redirect_uri'))
      if (!code) return o.fail('invalid_grant', 'The authorization code is invalid.')
      if (code.codeChallenge !== undefined) {
        const v = p.get('code_verifier')
        if (!v || !pkceMatches(v, code.codeChallenge, code.codeChallengeMethod)) {
          return o.fail('invalid_grant', 'Failed to verify `code_verifier`.')
        }
      }
      code.used = true
      grant = code
    } else {
      return o.fail('unsupported_grant_type', 'The grant type is not supported.')
    }
    const { access, refresh } = issuePair(
      state,
      now,
      { ...grant, clientId: client.clientId },
      o.accessTtl * 1000,
      o.refreshTtl === undefined ? undefined : o.refreshTtl * 1000,
    )
    return o.answer(
      {
        access_token: access.token,
        token_type: 'Bearer',
        expires_in: o.accessTtl,
        refresh_token: refresh!.token,
        scope: grant.scopes.join(' '),
      },
      access,
      p.get('grant_type')!,
    )
  }
  return { authorize, token, authenticate }
}
