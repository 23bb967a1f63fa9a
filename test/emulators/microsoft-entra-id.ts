// Microsoft identity platform (Entra ID) v2.0 emulator, multi-tenant: login.microsoftonline.com's
// /{tenant}/oauth2/v2.0/{authorize,token}, /{tenant}/discovery/v2.0/keys and discovery, and
// graph.microsoft.com's /v1.0/me and /oidc/userinfo, on one origin. Written from learn.microsoft.com:
// CODE_FLOW = https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
// OIDC = https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc
// CLAIMS = https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
// ERRORS = https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
// GRAPH = https://learn.microsoft.com/en-us/graph/api/user-get
import { authToken, basicAuth, formBody } from './lib/body.js'
import { type Emulator, emulatorHandle, emulatorParts, performLogin, splitScopes } from './lib/emulator.js'
import { createSigningKey, type SigningKey } from './lib/keys.js'
import { type EmuRequest, type EmuResponse, html, json, redirect, startServer } from './lib/server.js'
import {
  type EmulatorState,
  issueCode,
  issuePair,
  liveToken,
  newState,
  pkceMatches,
  redeemableCode,
  safeEqual,
} from './lib/state.js'

export const ENTRA_LOGIN = 'https://login.microsoftonline.com'
export const ENTRA_GRAPH = 'https://graph.microsoft.com'
/** CLAIMS: the tenant id of every personal Microsoft account. */
export const MSA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad'
const ACCESS_TTL = 3599

export interface EntraUser {
  oid: string
  /** The user's home tenant id (`MSA_TENANT` for a personal account). */
  tid: string
  /** Verified domains of the user's tenant, accepted in place of its id in paths. */
  tenantDomains?: string[]
  name: string
  preferred_username: string
  email?: string
}

export interface EntraClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

export type EntraEmulator = Emulator<EntraUser, EntraClient> & {
  /** Rewrites each ID token's claims before signing, to issue a wrong `tid` or `iss` on purpose. */
  overrideClaims: ((claims: Record<string, unknown>) => Record<string, unknown>) | undefined
  key: SigningKey
}

/** ERRORS: `{ error, error_description: "AADSTS…", error_codes }`. */
const fail = (status: number, error: string, code: number, text: string): EmuResponse =>
  json(status, { error, error_description: `AADSTS${code}: ${text}`, error_codes: [code] })

/** OIDC: which users a tenant path admits. */
function admits(tenant: string, u: EntraUser): boolean {
  if (tenant === 'common') return true
  if (tenant === 'consumers') return u.tid === MSA_TENANT
  if (tenant === 'organizations') return u.tid !== MSA_TENANT
  return tenant === u.tid || (u.tenantDomains ?? []).includes(tenant)
}

export async function startEntraEmulator(
  opts: { users?: EntraUser[]; clients?: EntraClient[] } = {},
): Promise<EntraEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => u.oid, opts.clients)
  const { users, clients, login, clock } = parts
  const key = await createSigningKey()
  const handle = { overrideClaims: undefined as EntraEmulator['overrideClaims'], key }
  const knownTenant = (t: string) =>
    ['common', 'organizations', 'consumers'].includes(t) || [...users.values()].some((u) => admits(t, u))

  // CODE_FLOW #request-an-authorization-code
  function authorize(req: EmuRequest, [tenant]: string[]): EmuResponse {
    if (!knownTenant(tenant!)) return html(400, `<p>AADSTS90002: Tenant '${tenant}' not found.</p>`)
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    const back = q.get('redirect_uri') ?? ''
    // AADSTS50011: a redirect URI that is not registered gets a page, not a redirect.
    if (!client?.redirectUris.includes(back))
      return html(400, '<p>AADSTS50011: The redirect URI does not match.</p>')
    const st = q.get('state') ?? undefined
    const method = q.get('code_challenge_method') ?? undefined
    if (
      q.get('response_type') !== 'code' ||
      (q.has('code_challenge') && method !== 'S256' && method !== 'plain')
    ) {
      return redirect(back, { error: 'invalid_request', state: st })
    }
    const who = performLogin(login, users)
    if (!who.ok) return redirect(back, { error: 'access_denied', state: st })
    if (!admits(tenant!, users.get(who.userId)!)) {
      // AADSTS50020: the account is not in the tenant the path names.
      return redirect(back, {
        error: 'access_denied',
        error_description: `AADSTS50020: User account does not exist in tenant '${tenant}'.`,
        state: st,
      })
    }
    const nonce = q.get('nonce')
    const code = issueCode(state, clock.now(), 10 * 60 * 1000, {
      clientId: client.clientId,
      userId: who.userId,
      redirectUri: back,
      scopes: splitScopes(q.get('scope'), / +/),
      codeChallenge: q.get('code_challenge') ?? undefined,
      codeChallengeMethod: method,
      extra: { tenant: tenant!, ...(nonce ? { nonce } : {}) },
    })
    return redirect(back, { code, state: st })
  }

  /** CLAIMS: v2.0 ID token, iss on the user's own tenant id. */
  function idToken(client: EntraClient, u: EntraUser, scopes: string[], nonce?: string) {
    const now = Math.floor(clock.now() / 1000)
    const claims: Record<string, unknown> = {
      ver: '2.0',
      iss: `${ENTRA_LOGIN}/${u.tid}/v2.0`,
      sub: `${client.clientId}:${u.oid}`,
      aud: client.clientId,
      exp: now + 3600,
      iat: now,
      nbf: now,
      tid: u.tid,
      ...(scopes.includes('profile')
        ? { oid: u.oid, name: u.name, preferred_username: u.preferred_username }
        : {}),
      ...(scopes.includes('email') && u.email ? { email: u.email } : {}),
      ...(nonce ? { nonce } : {}),
    }
    return key.sign(handle.overrideClaims ? handle.overrideClaims(claims) : claims)
  }

  // CODE_FLOW #redeem-a-code-for-an-access-token: form body; secret in the body or by Basic.
  async function token(req: EmuRequest, [tenant]: string[]): Promise<EmuResponse> {
    const p = formBody(req)
    const b = basicAuth(req)
    const client = clients.get(b?.id ?? p.get('client_id') ?? '')
    if (!client || !safeEqual(b?.secret ?? p.get('client_secret') ?? '', client.clientSecret)) {
      return fail(401, 'invalid_client', 7000215, 'Invalid client secret provided.')
    }
    const now = clock.now()
    let grant: { userId: string; scopes: string[]; nonce?: string | undefined }
    if (p.get('grant_type') === 'refresh_token') {
      const rt = liveToken(state, p.get('refresh_token') ?? undefined, 'refresh', now)
      if (!rt || rt.clientId !== client.clientId)
        return fail(400, 'invalid_grant', 70000, 'Invalid refresh token.')
      grant = rt
    } else if (p.get('grant_type') === 'authorization_code') {
      const code = redeemableCode(state, now, p.get('code'), client.clientId, p.get('redirect_uri'))
      // A code is redeemed on the tenant path that issued it.
      if (!code || code.extra['tenant'] !== tenant) return fail(400, 'invalid_grant', 70000, 'Invalid code.')
      if (code.codeChallenge !== undefined) {
        const v = p.get('code_verifier')
        if (!v || !pkceMatches(v, code.codeChallenge, code.codeChallengeMethod)) {
          return fail(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge.')
        }
      }
      code.used = true
      grant = { ...code, nonce: code.extra['nonce'] }
    } else {
      return fail(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.')
    }
    // offline_access is what earns a refresh token.
    const offline = grant.scopes.includes('offline_access')
    const pair = issuePair(
      state,
      now,
      { ...grant, clientId: client.clientId },
      ACCESS_TTL * 1000,
      offline ? 90 * 86400 * 1000 : null,
    )
    const u = users.get(grant.userId)!
    return json(200, {
      token_type: 'Bearer',
      scope: grant.scopes.filter((s) => s !== 'offline_access').join(' '),
      expires_in: ACCESS_TTL,
      access_token: pair.access.token,
      ...(pair.refresh ? { refresh_token: pair.refresh.token } : {}),
      ...(grant.scopes.includes('openid')
        ? { id_token: await idToken(client, u, grant.scopes, grant.nonce) }
        : {}),
    })
  }

  function graph(need: string, body: (u: EntraUser, clientId: string) => unknown) {
    return (req: EmuRequest): EmuResponse => {
      const t = liveToken(state, authToken(req, ['Bearer']), 'access', clock.now())
      if (!t)
        return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } })
      if (!t.scopes.includes(need))
        return json(403, {
          error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' },
        })
      return json(200, body(users.get(t.userId)!, t.clientId))
    }
  }

  const server = await startServer(
    [
      {
        method: 'GET',
        path: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
        handler: (_req, [tenant]) =>
          json(200, {
            issuer: `${ENTRA_LOGIN}/${['common', 'organizations', 'consumers'].includes(tenant!) ? '{tenantid}' : tenant}/v2.0`,
            authorization_endpoint: `${ENTRA_LOGIN}/${tenant}/oauth2/v2.0/authorize`,
            token_endpoint: `${ENTRA_LOGIN}/${tenant}/oauth2/v2.0/token`,
            jwks_uri: `${ENTRA_LOGIN}/${tenant}/discovery/v2.0/keys`,
            userinfo_endpoint: `${ENTRA_GRAPH}/oidc/userinfo`,
            response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
            id_token_signing_alg_values_supported: ['RS256'],
          }),
      },
      { method: 'GET', path: /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/, handler: authorize },
      { method: 'POST', path: /^\/([^/]+)\/oauth2\/v2\.0\/token$/, handler: token },
      { method: 'GET', path: /^\/([^/]+)\/discovery\/v2\.0\/keys$/, handler: () => json(200, key.jwks()) },
      {
        method: 'GET',
        path: '/v1.0/me',
        handler: graph('User.Read', (u) => ({
          id: u.oid,
          displayName: u.name,
          mail: u.email ?? null,
          userPrincipalName: u.preferred_username,
        })),
      },
      {
        method: ['GET', 'POST'],
        path: '/oidc/userinfo',
        handler: graph('openid', (u, clientId) => ({
          sub: `${clientId}:${u.oid}`,
          name: u.name,
          email: u.email,
        })),
      },
    ],
    state.requests,
  )
  return Object.assign(handle, emulatorHandle(server, { state, ...parts }))
}
