/**
 * The Express, Fastify and Hono adapters take a form_post callback: the Sign in with Apple emulator
 * answers with its auto-submitting page, whose form is POSTed to each app's callback route.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import express from 'express'
import Fastify, { type FastifyInstance } from 'fastify'
import { Hono } from 'hono'
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apple } from '../../generated/providers/apple.js'
import { expressAuth } from '../../runtime/auth/express.js'
import { acceptFormPost, fastifyAuth } from '../../runtime/auth/fastify.js'
import { honoAuth } from '../../runtime/auth/hono.js'
import { type Auth, type AuthorizeResult, createAuth } from '../../runtime/auth/index.js'
import { APPLE_ISSUER, type AppleEmulator, startAppleEmulator } from '../emulators/apple.js'
import { followFormPost } from '../emulators/lib/client.js'
import { SECRET } from './support.js'

const CLIENT = { clientId: 'com.example.web', teamId: 'TEAM123456', keyId: 'KEY1234567' }
let emu: AppleEmulator
let key: { privateKey: string; publicJwk: Awaited<ReturnType<typeof exportJWK>> }

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true })
  key = { privateKey: await exportPKCS8(pair.privateKey), publicJwk: await exportJWK(pair.publicKey) }
  emu = await startAppleEmulator({
    users: [{ sub: '001234.abc', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' }],
  })
})
afterAll(() => emu.close())

/** An app's auth, registered for Apple with `base` as its origin. */
function authFor(base: string): Auth {
  const redirectUri = `${base}/callback/apple`
  emu.state.authorized.clear() // each app's login is a first one, with the user's name
  emu.clients.set(CLIENT.clientId, { ...CLIENT, publicKey: key.publicJwk, redirectUris: [redirectUri] })
  return createAuth({ secret: SECRET }).register('apple', apple, {
    ...CLIENT,
    privateKey: key.privateKey,
    redirectUri,
    hostMap: { [APPLE_ISSUER]: emu.url },
  })
}

/** Login, the emulator's form_post page, then that form POSTed to the app with the cookie. */
async function formPostLogin(base: string): Promise<void> {
  const start = await fetch(`${base}/login/apple`, { redirect: 'manual' })
  const [tx] = start.headers.getSetCookie()
  expect(tx).toMatch(/; SameSite=None; Max-Age=600; Secure$/)
  const posted = await followFormPost(start.headers.get('location')!)
  expect(posted.action).toBe(`${base}/callback/apple`)
  const done = await fetch(posted.action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: tx!.split(';')[0]! },
    body: posted.body.toString(),
  })
  expect(await done.json()).toEqual({ sub: '001234.abc', firstName: 'Jane' })
  expect(done.headers.getSetCookie()).toEqual([
    expect.stringMatching(/=; .*SameSite=None; Max-Age=0; .*Secure$/),
  ])
}

const signedIn = (r: AuthorizeResult) => ({
  sub: r.tokens.claims?.sub,
  firstName: (r.tokens.fields['user'] as { name?: { firstName?: string } } | undefined)?.name?.firstName,
})

describe('form_post callbacks through the adapters', () => {
  it('Express', async () => {
    const app = express()
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const web = expressAuth(authFor(base))
    app.get('/login/apple', (req, res) => web.login(req, res, 'apple'))
    app.post('/callback/apple', async (req, res) => {
      res.json(signedIn(await web.callback(req, res, 'apple')))
    })
    try {
      await formPostLogin(base)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('Fastify', async () => {
    const app: FastifyInstance = Fastify()
    let web: ReturnType<typeof fastifyAuth> | undefined
    acceptFormPost(app)
    app.get('/login/apple', (req, reply) => web!.login(req, reply, 'apple'))
    app.post('/callback/apple', async (req, reply) =>
      reply.send(signedIn(await web!.callback(req, reply, 'apple'))),
    )
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    web = fastifyAuth(authFor(base))
    try {
      await formPostLogin(base)
    } finally {
      await app.close()
    }
  })

  it('Hono', async () => {
    const app = new Hono()
    let web: ReturnType<typeof honoAuth> | undefined
    app.get('/login/apple', (c) => web!.login(c, 'apple'))
    app.post('/callback/apple', async (c) => c.json(signedIn(await web!.callback(c, 'apple'))))
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    web = honoAuth(authFor(base))
    try {
      await formPostLogin(base)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
