import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { honoAuth } from '../../runtime/auth/hono.js'
import type { LocalProvider } from '../helpers/oidc-provider-server.js'
import {
  type AppEnv,
  connectProvider,
  createEnv,
  errorBody,
  LOGIN_OPTIONS,
  logoutData,
  profileData,
  runFailureFlows,
  runLoginFlow,
  startSession,
} from './integration.js'

let server: ServerType
let op: LocalProvider
let base: string
const env: AppEnv = createEnv()

beforeAll(async () => {
  const web = honoAuth(env.auth)
  const app = new Hono()
  app.get('/login/:name', (c) =>
    web.login(c, c.req.param('name'), { ...LOGIN_OPTIONS, returnTo: c.req.query('next') ?? '/' }),
  )
  app.get('/callback/:name', async (c) => {
    try {
      const { tokens, returnTo } = await web.callback(c, c.req.param('name'))
      web.setCookies(c, await startSession(env, c.req.raw, tokens))
      return c.redirect(returnTo)
    } catch (err) {
      const { status, body } = errorBody(err)
      return c.json(body, status === 400 ? 400 : 500)
    }
  })
  app.get('/profile', async (c) => {
    const { status, body } = await profileData(env, c.req.raw)
    return c.json(body as object, status === 200 ? 200 : 401)
  })
  app.get('/logout', async (c) => {
    const { location, setCookie } = await logoutData(env, c.req.raw)
    web.setCookies(c, setCookie)
    return c.redirect(location)
  })
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  op = await connectProvider(env, base)
})

afterAll(async () => {
  await op?.close()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('Hono adapter', () => {
  it('logs in against a real OpenID Provider: redirect, login, callback, profile, fetch, logout', async () => {
    await runLoginFlow(base, op, env)
  })

  it('renders a denied consent and a forged state as typed errors, clearing the transaction cookie', async () => {
    await runFailureFlows(base, op)
  })
})
