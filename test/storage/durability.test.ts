/**
 * Durability: a server process is killed with SIGKILL in the middle of a load of token requests,
 * restarted on the same store, and every token a client received still introspects as active;
 * no authorization code is redeemed twice across the crash.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { randomToken, sha256Base64url } from '../../runtime/lib/random.js'
import type { ManagedStore } from '../../runtime/storage/layered.js'
import { openStore } from '../../runtime/storage/open-store.js'
import { freshPostgresDatabase, reachableRedis } from '../helpers/services.js'
import { type StoreEnv, startServer } from './fixtures/processes.js'

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
const REDIRECT = 'https://app.example/cb'
const AUTH = `Basic ${btoa('web:web-secret')}`
const WORKERS = 16
const CODES = 200
/** Tokens received before the kill. */
const KILL_AFTER = 300

const dir = mkdtempSync(join(tmpdir(), 'authspec-durability-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function post(origin: string, path: string, form: Record<string, string>) {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function prepare(env: StoreEnv): Promise<string[]> {
  const store: ManagedStore = await openStore(env.url, { ephemeral: env.ephemeral, keyPrefix: env.keyPrefix })
  try {
    await store.saveClient({
      clientId: 'web',
      clientSecretHash: await sha256Base64url('web-secret'),
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUris: [REDIRECT],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      responseTypes: ['code'],
      scope: 'profile',
    })
    const codes = Array.from({ length: CODES }, () => randomToken(32))
    for (const code of codes) {
      await store.saveAuthorizationCode({
        codeHash: await sha256Base64url(code),
        clientId: 'web',
        redirectUri: REDIRECT,
        grantId: randomToken(12),
        sub: 'alice',
        scope: 'profile',
        expiresAt: Math.floor(Date.now() / 1000) + 60,
        codeChallenge: CHALLENGE,
        codeChallengeMethod: 'S256',
      })
    }
    return codes
  } finally {
    await store.close()
  }
}

const exchange = (code: string) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: REDIRECT,
  code_verifier: VERIFIER,
})

async function crashAndRecover(env: StoreEnv): Promise<void> {
  const codes = await prepare(env)
  const server = await startServer(env)
  const received: string[] = []
  const redeemed = new Set<string>()
  let next = 0
  // Each worker alternates client_credentials and code exchanges until the server dies.
  const worker = async () => {
    for (;;) {
      const code = next < codes.length ? codes[next++] : undefined
      const form = code ? exchange(code) : { grant_type: 'client_credentials', scope: 'profile' }
      let r: Awaited<ReturnType<typeof post>>
      try {
        r = await post(server.origin, '/token', form)
      } catch {
        return
      }
      if (r.status !== 200) throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`)
      if (code) redeemed.add(code)
      received.push(String(r.body['access_token']))
      if (r.body['refresh_token']) received.push(String(r.body['refresh_token']))
      if (received.length >= KILL_AFTER && server.child.exitCode === null) server.child.kill('SIGKILL')
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker))
  await server.stop('SIGKILL')
  expect(server.child.signalCode).toBe('SIGKILL')
  expect(received.length).toBeGreaterThanOrEqual(KILL_AFTER)
  expect(redeemed.size).toBeGreaterThan(0)

  const restarted = await startServer(env)
  try {
    const inactive: string[] = []
    for (let i = 0; i < received.length; i += 50) {
      const batch = received.slice(i, i + 50)
      const answers = await Promise.all(
        batch.map((token) => post(restarted.origin, '/introspect', { token })),
      )
      answers.forEach((a, j) => {
        if (a.body['active'] !== true) inactive.push(batch[j] ?? '')
      })
    }
    expect(inactive, `${inactive.length} of ${received.length} received tokens are not active`).toEqual([])
    // Every code a client got tokens for is spent; the others can be redeemed at most once.
    for (const code of codes) {
      const first = await post(restarted.origin, '/token', exchange(code))
      if (redeemed.has(code)) expect(first.body['error']).toBe('invalid_grant')
      else if (first.status === 200)
        expect((await post(restarted.origin, '/token', exchange(code))).status).toBe(400)
    }
  } finally {
    await restarted.stop()
  }
}

describe('SIGKILL in the middle of a load, restart on the same store', () => {
  it('SQLite: every received token is still active, no code redeemed twice', async () => {
    await crashAndRecover({ url: `sqlite:${join(dir, 'durable.db')}` })
  }, 90_000)

  it('PostgreSQL: every received token is still active, no code redeemed twice', async () => {
    const db = await freshPostgresDatabase('durability')
    try {
      await crashAndRecover({ url: db.url })
    } finally {
      await db.drop()
    }
  }, 90_000)

  it('PostgreSQL with codes in Redis: every received token is still active, no code redeemed twice', async () => {
    const redis = await reachableRedis('durability')
    const db = await freshPostgresDatabase('durability_layered')
    try {
      await crashAndRecover({ url: db.url, ephemeral: redis.url, keyPrefix: redis.keyPrefix })
    } finally {
      await db.drop()
    }
  }, 90_000)
})
