import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notion } from '../../generated/providers/notion.js'
import { rejection } from '../helpers/rejection.js'
import { basic, followAuthorize, formPost } from './lib/client.js'
import { NOTION_API, type NotionEmulator, startNotionEmulator } from './notion.js'

/** The generated `notion` client against the Notion OAuth emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/notion'
let emu: NotionEmulator
const client = (clientSecret = 'secret_abc') =>
  notion({
    clientId: 'notion-client',
    clientSecret,
    redirectUri: REDIRECT,
    hostMap: { [NOTION_API]: emu.url },
  })

beforeAll(async () => {
  emu = await startNotionEmulator({
    users: [
      {
        id: 'u-1',
        name: 'Ada',
        email: 'ada@example.com',
        workspaceId: 'ws-1',
        workspaceName: "Ada's Notion",
      },
    ],
    clients: [{ clientId: 'notion-client', clientSecret: 'secret_abc', redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

async function signIn(c = client()) {
  const { url, session } = await c.authorizationUrl()
  return c.callback(await followAuthorize(url), session)
}

describe('notion emulator with the generated client', () => {
  it('full login: owner=user, JSON token body with Basic, owner and workspace in the answer, profile, refresh, revoke', async () => {
    const c = client()
    const tokens = await signIn(c)
    const sent = emu.state.requests.find((r) => r.path === '/v1/oauth/token')!
    expect(sent.contentType).toBe('application/json')
    expect(sent.headers['authorization']).toMatch(/^Basic /)
    expect(emu.state.requests.find((r) => r.path === '/v1/oauth/authorize')!.query['owner']).toBe('user')
    expect(tokens.fields).toMatchObject({ workspace_id: 'ws-1', workspace_name: "Ada's Notion" })
    // The spec types only string and number extra fields: `owner` (an object) stays in the raw answer.
    expect(tokens.tokenSet.raw['owner']).toMatchObject({ type: 'user', user: { id: 'u-1' } })
    expect(await c.profile(tokens)).toMatchObject({ id: 'u-1', name: 'Ada', email: 'ada@example.com' })
    const refreshed = await c.refresh(tokens)
    expect(emu.state.revoked).toContain(tokens.accessToken)
    await c.revoke(refreshed.accessToken)
    expect(emu.state.revoked).toContain(refreshed.accessToken)
  })

  it('a form-encoded token request is refused', async () => {
    const { url } = await client().authorizationUrl()
    const code = (await followAuthorize(url)).searchParams.get('code')!
    const res = await formPost(
      `${emu.url}/v1/oauth/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      { authorization: basic('notion-client', 'secret_abc') },
    )
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([400, 'invalid_request'])
  })

  it('credentials in the body instead of Basic are refused', async () => {
    const res = await fetch(`${emu.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code: 'x',
        client_id: 'notion-client',
        client_secret: 'secret_abc',
      }),
    })
    expect(res.status).toBe(401)
  })

  it('a wrong secret is invalid_client; the API needs Notion-Version', async () => {
    const c = client('wrong')
    const { url, session } = await c.authorizationUrl()
    expect(await rejection(c.callback(await followAuthorize(url), session))).toMatchObject({
      error: 'invalid_client',
    })
    const tokens = await signIn()
    const res = await fetch(`${emu.url}/v1/users/me`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    })
    expect(((await res.json()) as { code: string }).code).toBe('missing_version')
  })
})
