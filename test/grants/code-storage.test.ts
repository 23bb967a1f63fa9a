import { describe, expect, it } from 'vitest'
import {
  type AuthorizationCodeHooks,
  createAuthorizationCodeGrant,
} from '../../generated/grants/authorization_code.js'
import { createRefreshTokenGrant } from '../../generated/grants/refresh_token.js'
import { registerDefinedGrants } from '../../runtime/server/grant-definition/register.js'
import type { AuthorizationCodeRecord } from '../../runtime/storage/store.js'
import {
  approve,
  basic,
  formRequest,
  setup,
  VERIFIER,
  WEB_REDIRECT,
  webAuthorizeParams,
} from '../server/fixtures.js'

/** An application's own code table, with switches for the mistakes a real one can make. */
class AppCodes implements AuthorizationCodeHooks {
  readonly rows = new Map<string, AuthorizationCodeRecord>()
  readonly calls: string[] = []
  deletes = true
  disabled = new Set<string>()
  corrupt: ((r: AuthorizationCodeRecord) => AuthorizationCodeRecord) | undefined
  userSub: ((sub: string) => string) | undefined

  async authorizeRequest() {
    return true
  }
  async saveAuthorizationCode(input: { record: AuthorizationCodeRecord }) {
    this.calls.push('save')
    this.rows.set(input.record.codeHash, input.record)
  }
  async queryAuthorizationCode(input: { codeHash: string }) {
    this.calls.push('query')
    const row = this.rows.get(input.codeHash)
    return row && this.corrupt ? this.corrupt(row) : row
  }
  async deleteAuthorizationCode(input: { record: AuthorizationCodeRecord }) {
    this.calls.push('delete')
    if (this.deletes) this.rows.delete(input.record.codeHash)
  }
  async authenticateUser(input: { sub: string }) {
    this.calls.push('authenticateUser')
    if (this.disabled.has(input.sub)) return undefined
    return { sub: this.userSub ? this.userSub(input.sub) : input.sub }
  }
}

async function fixture() {
  const f = await setup({ defaultGrants: false })
  const app = new AppCodes()
  registerDefinedGrants(f.server, [
    createAuthorizationCodeGrant(app),
    createRefreshTokenGrant({ isGrantActive: async () => true }),
  ])
  const exchange = async (code: string, extra: Record<string, string> = {}) => {
    const res = await f.server.tokenEndpoint(
      formRequest(
        '/token',
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: WEB_REDIRECT,
          code_verifier: VERIFIER,
          ...extra,
        },
        { authorization: basic('web', 'web-secret') },
      ),
    )
    return { status: res.status, body: (await res.json()) as Record<string, string> }
  }
  const code = async (extra: Record<string, string> = {}) =>
    (await approve(f.server, { ...webAuthorizeParams, ...extra })).get('code')!
  const introspect = async (token: string) => {
    const res = await f.server.introspectionEndpoint(
      formRequest('/introspect', { token }, { authorization: basic('web', 'web-secret') }),
    )
    return ((await res.json()) as { active: boolean }).active
  }
  return { f, app, exchange, code, introspect }
}

describe('authorization code storage owned by the application (Authlib-style hooks)', () => {
  it('saves, queries, deletes the code and authenticates the user through the hooks', async () => {
    const { app, exchange, code, f } = await fixture()
    const c = await code()
    expect(app.calls).toEqual(['save'])
    expect(app.rows.size).toBe(1)
    // The app only ever sees the hash, never the code.
    expect([...app.rows.keys()][0]).not.toBe(c)
    expect(await f.store.consumeAuthorizationCode([...app.rows.keys()][0]!)).toBeUndefined()
    const ok = await exchange(c)
    expect(ok.status).toBe(200)
    expect(ok.body['id_token']).toBeTypeOf('string')
    expect(app.calls).toEqual(['save', 'query', 'delete', 'authenticateUser'])
    expect(app.rows.size).toBe(0)
  })

  it.each([
    ['keeps the row (forgot to delete)', false],
    ['deleted the row', true],
  ])('a second use is refused and revokes the tokens when the app %s', async (_label, deletes) => {
    const { app, exchange, code, introspect } = await fixture()
    app.deletes = deletes
    const c = await code()
    const first = await exchange(c)
    expect(first.status).toBe(200)
    expect(await introspect(first.body['access_token']!)).toBe(true)
    expect(await introspect(first.body['refresh_token']!)).toBe(true)
    const second = await exchange(c)
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
    expect(second.body['error_description']).toContain('already used')
    expect(await introspect(first.body['access_token']!)).toBe(false)
    expect(await introspect(first.body['refresh_token']!)).toBe(false)
  })

  const corruptions: [string, (r: AuthorizationCodeRecord) => AuthorizationCodeRecord][] = [
    ['dropped the PKCE challenge', ({ codeChallenge: _c, codeChallengeMethod: _m, ...r }) => r],
    ['changed the client', (r) => ({ ...r, clientId: 'native' })],
    ['changed the redirect URI', (r) => ({ ...r, redirectUri: 'https://evil.example/cb' })],
    ['extended the expiry', (r) => ({ ...r, expiresAt: r.expiresAt + 3600 })],
    ['widened the scope', (r) => ({ ...r, scope: `${r.scope} api:write` })],
    ['changed the user', (r) => ({ ...r, sub: 'mallory' })],
    ['returned another code', (r) => ({ ...r, codeHash: 'x'.repeat(43) })],
  ]
  it.each(corruptions)(
    'a record whose storage %s is refused, and the code is burnt',
    async (label, corrupt) => {
      const { app, exchange, code } = await fixture()
      app.deletes = false
      const c = await code()
      app.corrupt = corrupt
      const res = await exchange(c)
      expect(res).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
      expect(res.body['error_description']).toBe(
        label === 'returned another code'
          ? 'the authorization code is invalid'
          : 'the stored authorization code does not match the one issued',
      )
      app.corrupt = undefined
      // Even with the right verifier and an intact row afterwards, the code is spent or refused.
      expect((await exchange(c)).body['error']).toBe('invalid_grant')
    },
  )

  it('the runtime still checks PKCE, the redirect URI and the client on intact records', async () => {
    const { exchange, code, f } = await fixture()
    const cases: [Record<string, string>, string][] = [
      [{ code_verifier: 'b'.repeat(43) }, 'code_verifier does not match the code_challenge'],
      [
        { redirect_uri: 'https://app.example/other' },
        'redirect_uri does not match the authorization request',
      ],
    ]
    for (const [extra, description] of cases) {
      expect((await exchange(await code(), extra)).body).toMatchObject({
        error: 'invalid_grant',
        error_description: description,
      })
    }
    const native = await f.store.getClient('native')
    await f.store.saveClient({ ...native!, redirectUris: [WEB_REDIRECT] })
    const res = await f.server.tokenEndpoint(
      formRequest('/token', {
        grant_type: 'authorization_code',
        code: await code(),
        redirect_uri: WEB_REDIRECT,
        code_verifier: VERIFIER,
        client_id: 'native',
      }),
    )
    expect(await res.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the authorization code was issued to another client',
    })
  })

  it.each([
    ['is disabled', (app: AppCodes) => app.disabled.add('alice')],
    ['maps to another user', (app: AppCodes) => (app.userSub = () => 'bob')],
  ])('authenticateUser refuses the exchange when the user %s', async (_l, arrange) => {
    const { app, exchange, code } = await fixture()
    const c = await code()
    arrange(app)
    expect((await exchange(c)).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the user of the authorization code is no longer valid',
    })
  })

  it('an unknown code is invalid_grant without touching any token', async () => {
    const { exchange } = await fixture()
    expect((await exchange('z'.repeat(43))).body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the authorization code is invalid',
    })
  })
})
