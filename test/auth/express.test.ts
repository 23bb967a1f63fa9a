import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { expressAuth } from '../../runtime/auth/express.js'
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

let server: Server
let op: LocalProvider
let base: string
const env: AppEnv = createEnv()

beforeAll(async () => {
  const web = expressAuth(env.auth)
  const app = express()
  app.get('/login/:name', async (req, res) => {
    await web.login(req, res, req.params.name, {
      ...LOGIN_OPTIONS,
      returnTo: String(req.query['next'] ?? '/'),
    })
  })
  app.get('/callback/:name', async (req, res) => {
    try {
      const { tokens, returnTo } = await web.callback(req, res, req.params.name)
      web.setCookies(res, await startSession(env, await web.toRequest(req), tokens))
      res.redirect(returnTo)
    } catch (err) {
      const { status, body } = errorBody(err)
      res.status(status).json(body)
    }
  })
  app.get('/profile', async (req, res) => {
    const { status, body } = await profileData(env, await web.toRequest(req))
    res.status(status).json(body)
  })
  app.get('/logout', async (req, res) => {
    const { location, setCookie } = await logoutData(env, await web.toRequest(req))
    web.setCookies(res, setCookie)
    res.redirect(location)
  })
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  op = await connectProvider(env, base)
})

afterAll(async () => {
  await op?.close()
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
})

describe('Express 5 adapter', () => {
  it('logs in against a real OpenID Provider: redirect, login, callback, profile, fetch, logout', async () => {
    await runLoginFlow(base, op, env)
  })

  it('renders a denied consent and a forged state as typed errors, clearing the transaction cookie', async () => {
    await runFailureFlows(base, op)
  })
})
