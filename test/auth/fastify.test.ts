import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { fastifyAuth } from '../../runtime/auth/fastify.js'
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

let app: FastifyInstance
let op: LocalProvider
let base: string
const env: AppEnv = createEnv()

beforeAll(async () => {
  const web = fastifyAuth(env.auth)
  app = Fastify()
  app.get<{ Params: { name: string }; Querystring: { next?: string } }>('/login/:name', (req, reply) =>
    web.login(req, reply, req.params.name, { ...LOGIN_OPTIONS, returnTo: req.query.next ?? '/' }),
  )
  app.get<{ Params: { name: string } }>('/callback/:name', async (req, reply) => {
    try {
      const { tokens, returnTo } = await web.callback(req, reply, req.params.name)
      web.setCookies(reply, await startSession(env, await web.toRequest(req), tokens))
      return reply.redirect(returnTo)
    } catch (err) {
      const { status, body } = errorBody(err)
      return reply.code(status).send(body)
    }
  })
  app.get('/profile', async (req, reply) => {
    const { status, body } = await profileData(env, await web.toRequest(req))
    return reply.code(status).send(body)
  })
  app.get('/logout', async (req, reply) => {
    const { location, setCookie } = await logoutData(env, await web.toRequest(req))
    web.setCookies(reply, setCookie)
    return reply.redirect(location)
  })
  base = await app.listen({ port: 0, host: '127.0.0.1' })
  op = await connectProvider(env, base)
})

afterAll(async () => {
  await op?.close()
  await app.close()
})

describe('Fastify 5 adapter', () => {
  it('logs in against a real OpenID Provider: redirect, login, callback, profile, fetch, logout', async () => {
    await runLoginFlow(base, op, env)
  })

  it('renders a denied consent and a forged state as typed errors, clearing the transaction cookie', async () => {
    await runFailureFlows(base, op)
  })
})
