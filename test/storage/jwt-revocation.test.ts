/**
 * RFC 7009 revocation of JWT access tokens (RFC 9068) on every store: a JWT access token's record
 * is kept under its `jti` (never the token), revoking the token at the revocation endpoint makes
 * the resource protector and introspection refuse it, revoking a refresh token refuses the JWT
 * access tokens of its grant family, and another client cannot revoke a token it does not own.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import { sha256Base64url } from '../../runtime/lib/random.js'
import { createAuthorizationServer, generateSigningKeys } from '../../runtime/server/index.js'
import { jwtRecordKey } from '../../runtime/server/lib/tokens.js'
import { createLayeredStore } from '../../runtime/storage/layered.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { PostgresStore } from '../../runtime/storage/postgres.js'
import { RedisStore } from '../../runtime/storage/redis.js'
import { SqliteStore } from '../../runtime/storage/sqlite.js'
import type { Store } from '../../runtime/storage/store.js'
import { freshPostgresDatabase, reachableRedis } from '../helpers/services.js'

const ISSUER = 'https://id.example'
const REDIRECT = 'https://app.example/cb'
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
const dir = mkdtempSync(join(tmpdir(), 'authspec-jwt-revocation-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const keys = generateSigningKeys({ alg: 'ES256' })

type Opened = { store: Store; close: () => Promise<void> }

const stores: [string, () => Promise<Opened>][] = [
  ['memory', async () => ({ store: new MemoryStore(), close: async () => {} })],
  [
    'SQLite',
    async () => {
      const store = new SqliteStore({ path: join(dir, 'jwt.db'), sweepIntervalMs: 0 })
      return { store, close: () => store.close() }
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const db = await freshPostgresDatabase('jwt_revocation')
      const store = new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 })
      return {
        store,
        close: async () => {
          await store.close()
          await db.drop()
        },
      }
    },
  ],
  [
    'Redis layered on PostgreSQL',
    async () => {
      const db = await freshPostgresDatabase('jwt_revocation_layered')
      const redis = await reachableRedis('jwt-revocation')
      const store = createLayeredStore({
        durable: new PostgresStore({ connectionString: db.url, sweepIntervalMs: 0 }),
        ephemeral: new RedisStore({ url: redis.url, keyPrefix: redis.keyPrefix }),
      })
      return {
        store,
        close: async () => {
          await store.close()
          await db.drop()
        },
      }
    },
  ],
]

async function jwtServer(store: Store) {
  for (const clientId of ['web', 'other']) {
    await store.saveClient({
      clientId,
      clientSecretHash: await sha256Base64url(`${clientId}-secret`),
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUris: [REDIRECT],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      responseTypes: ['code'],
      scope: 'openid api',
    })
  }
  const server = createAuthorizationServer({
    issuer: ISSUER,
    store,
    keys: await keys,
    accessTokenFormat: 'jwt',
    scopesSupported: ['openid', 'api'],
  })
  const post = async (path: string, clientId: string, form: Record<string, string>) =>
    server.handler(
      new Request(`${ISSUER}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${btoa(`${clientId}:${clientId}-secret`)}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form),
      }),
    )
  const tokens = async (form: Record<string, string>) => {
    const res = await post('/token', 'web', form)
    expect(res.status).toBe(200)
    return (await res.json()) as { access_token: string; refresh_token?: string }
  }
  const protector = server.resourceProtector()
  return {
    server,
    tokens,
    revoke: async (clientId: string, token: string) =>
      expect((await post('/revoke', clientId, { token })).status).toBe(200),
    active: async (token: string) =>
      ((await (await post('/introspect', 'web', { token })).json()) as { active: boolean }).active,
    accepted: (token: string) =>
      protector
        .validate(new Request('https://api.example/x', { headers: { authorization: `Bearer ${token}` } }))
        .then(
          () => true,
          (err: { error?: string }) => {
            expect(err.error).toBe('invalid_token')
            return false
          },
        ),
  }
}

describe.each(stores)('JWT access token revocation on %s', (_name, open) => {
  it('keeps the record under the jti, revokes by the revocation endpoint, only for the owner', async () => {
    const { store, close } = await open()
    try {
      const f = await jwtServer(store)
      const { access_token: token } = await f.tokens({ grant_type: 'client_credentials', scope: 'api' })
      const jti = String(decodeJwt(token).jti)
      expect(await store.getToken(jwtRecordKey(jti))).toMatchObject({ kind: 'access_token', clientId: 'web' })
      expect(await store.getToken(await sha256Base64url(token))).toBeUndefined()
      expect([await f.accepted(token), await f.active(token)]).toEqual([true, true])

      await f.revoke('other', token)
      expect([await f.accepted(token), await f.active(token)]).toEqual([true, true])

      const { access_token: kept } = await f.tokens({ grant_type: 'client_credentials', scope: 'api' })
      await f.revoke('web', token)
      expect([await f.accepted(token), await f.active(token)]).toEqual([false, false])
      expect((await store.getToken(jwtRecordKey(jti)))?.revokedAt).toEqual(expect.any(Number))
      expect([await f.accepted(kept), await f.active(kept)]).toEqual([true, true])
    } finally {
      await close()
    }
  })

  it('revoking a refresh token refuses the JWT access tokens of its grant family', async () => {
    const { store, close } = await open()
    try {
      const f = await jwtServer(store)
      const query = new URLSearchParams({
        client_id: 'web',
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'openid api',
        state: 's',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
      })
      const redirect = await f.server.createAuthorizationResponse(
        new Request(`${ISSUER}/authorize?${query}`),
        { user: { sub: 'alice' }, approved: true },
      )
      const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? ''
      const body = await f.tokens({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
      })
      expect(body.refresh_token).toEqual(expect.any(String))
      expect([await f.accepted(body.access_token), await f.active(body.access_token)]).toEqual([true, true])
      await f.revoke('web', body.refresh_token ?? '')
      expect([await f.accepted(body.access_token), await f.active(body.access_token)]).toEqual([false, false])
    } finally {
      await close()
    }
  })
})
