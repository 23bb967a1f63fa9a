/**
 * client_secret_jwt on the durable stores: a client registered over HTTP keeps its secret sealed
 * (never in clear, never hashed) in SQLite and PostgreSQL, authenticates with openid-client's
 * ClientSecretJwt after the store is reopened, and its assertions are single-use through the
 * store's replay cache (Redis when layered).
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import * as oidc from 'openid-client'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { randomToken } from '../../runtime/lib/random.js'
import { type AuthorizationServer, createAuthorizationServer } from '../../runtime/server/index.js'
import { JWT_BEARER_ASSERTION } from '../../runtime/server/lib/client-assertion.js'
import type { ManagedStore } from '../../runtime/storage/layered.js'
import { openStore } from '../../runtime/storage/open-store.js'
import { freshPostgresDatabase, reachableRedis } from '../helpers/services.js'

const KEK = randomToken(32)
const dir = mkdtempSync(join(tmpdir(), 'authspec-csjwt-'))
let http: Server
let issuer: string
let server: AuthorizationServer | undefined
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  http = createServer(
    toNodeListener(async (r) => (server ? server.handler(r) : new Response(null, { status: 503 }))),
  )
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()))
  for (const c of cleanups) await c()
  rmSync(dir, { recursive: true, force: true })
})

interface Target {
  url: string
  ephemeral?: string
  keyPrefix?: string
  /** Every stored byte of the clients, as text. */
  dump: () => Promise<string>
}

const targets: [string, () => Promise<Target>][] = [
  [
    'SQLite',
    async () => {
      const file = join(dir, 'clients.db')
      // The write-ahead log holds the newest pages until a checkpoint: dump both files.
      const read = (f: string) => (existsSync(f) ? readFileSync(f).toString('latin1') : '')
      return { url: `sqlite:${file}`, dump: async () => read(file) + read(`${file}-wal`) }
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const db = await freshPostgresDatabase('csjwt')
      cleanups.push(db.drop)
      return { url: db.url, dump: () => pgDump(db.url) }
    },
  ],
  [
    'PostgreSQL + Redis',
    async () => {
      const db = await freshPostgresDatabase('csjwt_layered')
      cleanups.push(db.drop)
      const redis = await reachableRedis('csjwt')
      return { url: db.url, ephemeral: redis.url, keyPrefix: redis.keyPrefix, dump: () => pgDump(db.url) }
    },
  ],
]

async function pgDump(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const { rows } = await c.query<{ data: string }>('SELECT data::text AS data FROM authspec_clients')
    return rows.map((r) => r.data).join('\n')
  } finally {
    await c.end()
  }
}

async function open(t: Target): Promise<ManagedStore> {
  return openStore(t.url, { ephemeral: t.ephemeral, keyPrefix: t.keyPrefix })
}

function serve(store: ManagedStore) {
  server = createAuthorizationServer({
    issuer,
    store,
    clientSecretKek: KEK,
    scopesSupported: ['api'],
    registration: { open: true },
  })
}

describe.each(targets)('client_secret_jwt with the %s store', (_name, makeTarget) => {
  it('registers, seals the secret at rest, authenticates after a reopen, refuses replays', async () => {
    const target = await makeTarget()
    let store = await open(target)
    serve(store)
    const res = await fetch(`${issuer}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_jwt',
        scope: 'api',
      }),
    })
    expect(res.status).toBe(201)
    const reg = (await res.json()) as { client_id: string; client_secret: string }

    const dump = await target.dump()
    expect(dump).toContain(reg.client_id)
    expect(dump).toContain('clientSecretSealed')
    expect(dump).not.toContain(reg.client_secret)
    expect(dump).not.toContain('clientSecretHash')

    await store.close()
    store = await open(target)
    serve(store)
    try {
      const cfg = await oidc.discovery(
        new URL(issuer),
        reg.client_id,
        undefined,
        oidc.ClientSecretJwt(reg.client_secret),
        { execute: [oidc.allowInsecureRequests] },
      )
      expect((await oidc.clientCredentialsGrant(cfg, { scope: 'api' })).access_token).toEqual(
        expect.any(String),
      )

      const now = Math.floor(Date.now() / 1000)
      const assertion = await new SignJWT({
        iss: reg.client_id,
        sub: reg.client_id,
        aud: issuer,
        jti: randomToken(16),
        exp: now + 60,
      })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(reg.client_secret))
      const send = () =>
        fetch(`${issuer}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_assertion_type: JWT_BEARER_ASSERTION,
            client_assertion: assertion,
          }),
        })
      expect((await send()).status).toBe(200)
      const replay = await send()
      expect(replay.status).toBe(401)
      expect(await replay.json()).toEqual({
        error: 'invalid_client',
        error_description: 'client authentication failed',
      })
    } finally {
      server = undefined
      await store.close()
    }
  })
})
