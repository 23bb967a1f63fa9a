import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OAuthError } from '../../runtime/errors.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { createClient } from '../../runtime/provider/create-client.js'
import type { ExpiresInQuirks, TokenResponseQuirks } from '../../runtime/provider/spec-types.js'
import { everySupport } from '../../runtime/provider/support.js'
import { findSpecProblems } from '../../runtime/provider/validate-spec.js'
import { minimalSpec } from '../helpers/minimal-spec.js'

/**
 * `tokenResponse.expiresIn` quirks read generically: a local token endpoint answers what each case
 * needs, and a spec that differs only in its quirks decides how `expires_in` is read.
 */
const NOW = 1_800_000_000_000
let server: Server
let base: string
let answer = { type: 'application/json', body: '{}' }

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': answer.type }).end(answer.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function spec(tokenResponse: TokenResponseQuirks) {
  return minimalSpec({ tokenResponse, docs: { tokenResponse: 'https://quirky.example/docs' } })
}

async function login(quirks: TokenResponseQuirks, body: string, type = 'application/json') {
  answer = { type, body }
  const c = createClient<GenericProviderClient>(
    spec(quirks),
    {
      clientId: 'id',
      clientSecret: 'secret',
      redirectUri: 'http://127.0.0.1/cb',
      endpointOverrides: { token: `${base}/token` },
      now: () => NOW,
    },
    everySupport,
  )
  const { url, session } = await c.authorizationUrl()
  const cb = new URL('http://127.0.0.1/cb')
  cb.searchParams.set('code', 'c')
  cb.searchParams.set('state', url.searchParams.get('state')!)
  return c.callback(cb, session)
}

const token = (expiresIn: unknown) =>
  JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: expiresIn })
const nowSeconds = NOW / 1000

describe('tokenResponse.expiresIn', () => {
  it.each<{
    name: string
    quirks: ExpiresInQuirks | undefined
    body: string
    type?: string
    expiresAt: number | undefined
  }>([
    { name: 'a number counts from now', quirks: undefined, body: token(3600), expiresAt: nowSeconds + 3600 },
    {
      name: '0 without zeroMeansNever is already expired',
      quirks: undefined,
      body: token(0),
      expiresAt: nowSeconds,
    },
    {
      name: '0 with zeroMeansNever never expires',
      quirks: { zeroMeansNever: true },
      body: token(0),
      expiresAt: undefined,
    },
    {
      name: 'zeroMeansNever leaves other lifetimes alone',
      quirks: { zeroMeansNever: true },
      body: token(900),
      expiresAt: nowSeconds + 900,
    },
    {
      name: 'a string with asString is read as seconds',
      quirks: { asString: true },
      body: token('3599'),
      expiresAt: nowSeconds + 3599,
    },
    {
      name: 'asString still accepts numbers',
      quirks: { asString: true },
      body: token(600),
      expiresAt: nowSeconds + 600,
    },
    {
      name: '"0" with both quirks never expires',
      quirks: { asString: true, zeroMeansNever: true },
      body: token('0'),
      expiresAt: undefined,
    },
    {
      name: 'form-encoded answers are text anyway',
      quirks: undefined,
      body: 'access_token=a&token_type=bearer&expires_in=7200',
      type: 'application/x-www-form-urlencoded',
      expiresAt: nowSeconds + 7200,
    },
  ])('$name', async ({ quirks, body, type, expiresAt }) => {
    const tokens = await login({ formEncoded: true, ...(quirks ? { expiresIn: quirks } : {}) }, body, type)
    expect(tokens.expiresAt).toBe(expiresAt)
    expect(tokens.tokenSet.isExpired()).toBe(expiresAt === nowSeconds)
  })

  it.each([
    { name: 'a string without asString', quirks: {}, value: '3600', message: /JSON number.*asString/ },
    { name: 'a word with asString', quirks: { asString: true }, value: 'soon', message: /expires_in/ },
  ])('rejects $name naming expires_in', async ({ quirks, value, message }) => {
    const err = await login({ expiresIn: quirks }, token(value)).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(OAuthError)
    expect(err).toMatchObject({ code: 'INVALID_RESPONSE', claim: 'expires_in' })
    expect((err as OAuthError).error_description).toMatch(message)
  })
})

describe('spec checks of the new fields', () => {
  it.each([
    {
      name: 'an unknown expiresIn quirk',
      patch: { tokenResponse: { expiresIn: { zeroMeansForever: true } } },
      message: /tokenResponse\.expiresIn\.zeroMeansForever: unknown field.*zeroMeansNever/,
    },
    {
      name: 'echoesState without a state in the token request',
      patch: { tokenResponse: { echoesState: true } },
      message: /tokenResponse\.echoesState: needs a state in the token request.*sendState/,
    },
    {
      name: 'checkClaim on an OAuth 2.0 (no ID token) spec',
      patch: { authorizationParams: { hd: { type: 'string', description: 'Domain', checkClaim: 'hd' } } },
      message: /authorizationParams\.hd\.checkClaim: needs an ID token/,
    },
    {
      name: 'checkClaim that is not a claim name',
      patch: { authorizationParams: { hd: { type: 'string', description: 'Domain', checkClaim: 'h d' } } },
      message: /authorizationParams\.hd\.checkClaim: must be a claim name/,
    },
  ])('$name is reported with its field path', ({ patch, message }) => {
    const bad = {
      ...spec({}),
      ...patch,
      docs: { ...spec({}).docs, authorizationParams: 'https://quirky.example/docs' },
    }
    const problems = findSpecProblems(bad, 'providers/quirky.ts').map((p) => p.message)
    expect(problems.join('\n')).toMatch(message)
  })

  it('the same spec without the mistakes has no problems', () => {
    expect(
      findSpecProblems(spec({ expiresIn: { zeroMeansNever: true, asString: true } }), 'providers/quirky.ts'),
    ).toEqual([])
  })
})
