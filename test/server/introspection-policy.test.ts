import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import type { AuthorizationServerOptions } from '../../runtime/server/authorization-server.js'
import type { IntrospectionPolicyInput } from '../../runtime/server/index.js'
import { closeServer, listenLocal } from '../helpers/raw-http.js'
import { basic, ISSUER, setup, webTokens } from './fixtures.js'

const running: Server[] = []
afterEach(() => Promise.all(running.splice(0).map(closeServer)))

/** A server over HTTP on 127.0.0.1 with open registration, and `web`'s access and refresh tokens. */
async function serve(options?: Partial<AuthorizationServerOptions>) {
  const f = await setup({ registration: { open: true }, ...options })
  const http = createServer(toNodeListener(f.server.handler, { origin: ISSUER }))
  running.push(http)
  const base = `http://127.0.0.1:${await listenLocal(http)}`
  const { body } = await webTokens(f, { scope: 'openid offline_access' })
  /** Introspects `token` as `caller`: Basic credentials, or client_secret_post form fields. */
  const introspect = async (caller: string | Record<string, string>, token: string) => {
    const byHeader = typeof caller === 'string'
    const res = await fetch(`${base}/introspect`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(byHeader ? { authorization: caller } : {}),
      },
      body: new URLSearchParams({ token, ...(byHeader ? {} : caller) }),
    })
    const headers = [...res.headers].filter(([name]) => name !== 'date')
    return { status: res.status, headers, text: await res.text() }
  }
  return { base, introspect, access: body['access_token']!, refresh: body['refresh_token']! }
}

/** Registers a confidential client anonymously (RFC 7591) and returns its Basic credentials. */
async function registerAnonymously(base: string): Promise<string> {
  const res = await fetch(`${base}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_types: ['client_credentials'], scope: 'api:read' }),
  })
  expect(res.status).toBe(201)
  const { client_id, client_secret } = await res.json()
  return basic(client_id, client_secret)
}

const web = basic('web', 'web-secret')
const post = { client_id: 'post', client_secret: 'post-secret' }

describe('introspection answers only callers that may know the token (RFC 7662 §2.2, §4)', () => {
  it("an anonymously registered client learns nothing about another client's token", async () => {
    const s = await serve()
    const stranger = await registerAnonymously(s.base)
    const forbidden = await s.introspect(stranger, s.access)
    const unknown = await s.introspect(stranger, 'no-such-token')
    expect(forbidden.text).toBe('{"active":false}')
    expect(forbidden).toEqual(unknown)
    expect(await s.introspect(stranger, s.refresh)).toEqual(unknown)
  })

  it('the client the token was issued to sees it', async () => {
    const s = await serve()
    const own = JSON.parse((await s.introspect(web, s.access)).text)
    expect(own).toMatchObject({ active: true, client_id: 'web', sub: 'alice' })
    expect(JSON.parse((await s.introspect(web, s.refresh)).text).active).toBe(true)
  })

  it.each<[string, Partial<AuthorizationServerOptions>]>([
    ['listed in introspection.resourceServers', { introspection: { resourceServers: ['post'] } }],
    ['named by accessTokenAudience', { accessTokenAudience: 'post' }],
  ])('a resource server %s sees access tokens, not refresh tokens', async (_name, options) => {
    const s = await serve(options)
    expect(JSON.parse((await s.introspect(post, s.access)).text)).toMatchObject({
      active: true,
      client_id: 'web',
    })
    expect((await s.introspect(post, s.refresh)).text).toBe('{"active":false}')
  })

  it('another confidential client that is not a resource server sees nothing', async () => {
    const s = await serve()
    expect((await s.introspect(post, s.access)).text).toBe('{"active":false}')
  })

  it('the policy hook gets the default and may widen or narrow it', async () => {
    const seen: IntrospectionPolicyInput[] = []
    const s = await serve({
      introspection: {
        policy: (input) => {
          seen.push(input)
          return input.client.clientId === 'post'
        },
      },
    })
    expect(JSON.parse((await s.introspect(post, s.access)).text).active).toBe(true)
    expect((await s.introspect(web, s.access)).text).toBe('{"active":false}')
    expect(seen.map((i) => [i.client.clientId, i.token.clientId, i.allowed, i.audience])).toEqual([
      ['post', 'web', false, [ISSUER]],
      ['web', 'web', true, [ISSUER]],
    ])
  })

  it('refuses a malformed introspection option', () => {
    return expect(setup({ introspection: { resourceServers: [''] } })).rejects.toThrow(
      '"introspection.resourceServers" must be an array of client ids',
    )
  })
})
