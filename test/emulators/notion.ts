// Notion public-integration OAuth emulator: api.notion.com's /v1/oauth/{authorize,token,revoke} and
// GET /v1/users/me. Written from developers.notion.com:
// AUTH = https://developers.notion.com/docs/authorization
// TOKEN = https://developers.notion.com/reference/create-a-token
// REVOKE = https://developers.notion.com/reference/revoke-token
// ME = https://developers.notion.com/reference/get-self
// VERSION = https://developers.notion.com/reference/versioning
import { authToken, basicAuth, jsonBody } from './lib/body.js'
import { type Emulator, emulatorHandle, emulatorParts, performLogin } from './lib/emulator.js'
import { type EmuRequest, type EmuResponse, html, json, redirect, startServer } from './lib/server.js'
import {
  type EmulatorState,
  issueCode,
  issuePair,
  liveToken,
  newState,
  redeemableCode,
  revokeGrant,
  safeEqual,
} from './lib/state.js'

export const NOTION_API = 'https://api.notion.com'

export interface NotionUser {
  id: string
  name: string
  email: string
  workspaceId: string
  workspaceName: string
}

export interface NotionClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

export type NotionEmulator = Emulator<NotionUser, NotionClient>

/** TOKEN: OAuth errors are `{ error, error_description }`; the HTTP status is not documented (400). */
const fail = (status: number, error: string): EmuResponse => json(status, { error, error_description: error })
/** VERSION / ME: the REST API's error object. */
const apiError = (status: number, code: string, message: string): EmuResponse =>
  json(status, { object: 'error', status, code, message })

export async function startNotionEmulator(
  opts: { users?: NotionUser[]; clients?: NotionClient[] } = {},
): Promise<NotionEmulator> {
  const state: EmulatorState = newState()
  const parts = emulatorParts(opts.users, (u) => u.id, opts.clients)
  const { users, clients, login, clock } = parts

  // AUTH: client_id, redirect_uri, response_type=code and owner=user (the only value) are required.
  function authorize(req: EmuRequest): EmuResponse {
    const q = req.url.searchParams
    const client = clients.get(q.get('client_id') ?? '')
    const back = q.get('redirect_uri') ?? ''
    if (!client?.redirectUris.includes(back)) return html(400, '<p>Missing or invalid redirect_uri</p>')
    const st = q.get('state') ?? undefined
    if (q.get('response_type') !== 'code' || q.get('owner') !== 'user') {
      return redirect(back, { error: 'invalid_request', state: st })
    }
    const who = performLogin(login, users)
    if (!who.ok) return redirect(back, { error: 'access_denied', state: st })
    const code = issueCode(state, clock.now(), 10 * 60 * 1000, {
      clientId: client.clientId,
      userId: who.userId,
      redirectUri: back,
      scopes: [],
      codeChallenge: undefined,
      codeChallengeMethod: undefined,
    })
    return redirect(back, { code, state: st })
  }

  /** TOKEN / REVOKE: HTTP Basic client credentials and a JSON body; a form body is refused. */
  function authenticated(
    req: EmuRequest,
  ): { client: NotionClient; body: Record<string, unknown> } | EmuResponse {
    const b = basicAuth(req)
    const client = clients.get(b?.id ?? '')
    if (!b || !client || !safeEqual(b.secret, client.clientSecret)) return fail(401, 'invalid_client')
    const body = jsonBody(req)
    if (!body) return fail(400, 'invalid_request')
    return { client, body }
  }

  const owner = (u: NotionUser) => ({
    type: 'user',
    user: {
      object: 'user',
      id: u.id,
      type: 'person',
      name: u.name,
      avatar_url: null,
      person: { email: u.email },
    },
  })

  function token(req: EmuRequest): EmuResponse {
    const auth = authenticated(req)
    if ('status' in auth) return auth
    const { client, body } = auth
    const now = clock.now()
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined)
    let userId: string
    if (body['grant_type'] === 'refresh_token') {
      const rt = liveToken(state, str('refresh_token'), 'refresh', now)
      if (!rt || rt.clientId !== client.clientId) return fail(400, 'invalid_grant')
      revokeGrant(state, rt.grantId) // rotated: the old pair stops working
      userId = rt.userId
    } else if (body['grant_type'] === 'authorization_code') {
      const code = redeemableCode(state, now, str('code'), client.clientId, str('redirect_uri'))
      if (!code) return fail(400, 'invalid_grant')
      code.used = true
      userId = code.userId
    } else {
      return fail(400, 'unsupported_grant_type')
    }
    // Notion access tokens do not expire; the answer names the bot, the workspace and the owner.
    const { access, refresh } = issuePair(
      state,
      now,
      { clientId: client.clientId, userId, scopes: [] },
      undefined,
      undefined,
    )
    const u = users.get(userId)!
    return json(200, {
      access_token: access.token,
      token_type: 'bearer',
      refresh_token: refresh!.token,
      bot_id: `bot-${client.clientId}`,
      workspace_name: u.workspaceName,
      workspace_icon: null,
      workspace_id: u.workspaceId,
      owner: owner(u),
      duplicated_template_id: null,
      request_id: access.grantId,
    })
  }

  function revokeToken(req: EmuRequest): EmuResponse {
    const auth = authenticated(req)
    if ('status' in auth) return auth
    const t = state.tokens.get(typeof auth.body['token'] === 'string' ? auth.body['token'] : '')
    if (!t || t.clientId !== auth.client.clientId) return fail(400, 'invalid_grant')
    revokeGrant(state, t.grantId)
    return json(200, {})
  }

  // ME: the bot user of the token, with its owner; VERSION: the Notion-Version header is required.
  function me(req: EmuRequest): EmuResponse {
    const t = liveToken(state, authToken(req, ['Bearer']), 'access', clock.now())
    if (!t) return apiError(401, 'unauthorized', 'API token is invalid.')
    if (!req.headers['notion-version'])
      return apiError(400, 'missing_version', 'Notion-Version header failed validation.')
    const u = users.get(t.userId)!
    return json(200, {
      object: 'user',
      id: `bot-${t.clientId}`,
      type: 'bot',
      name: 'Integration',
      avatar_url: null,
      bot: { owner: owner(u), workspace_name: u.workspaceName },
    })
  }

  const server = await startServer(
    [
      { method: 'GET', path: '/v1/oauth/authorize', handler: authorize },
      { method: 'POST', path: '/v1/oauth/token', handler: token },
      { method: 'POST', path: '/v1/oauth/revoke', handler: revokeToken },
      { method: 'GET', path: '/v1/users/me', handler: me },
    ],
    state.requests,
  )
  return emulatorHandle(server, { state, ...parts })
}
