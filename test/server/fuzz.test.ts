import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deviceCodeGrant } from '../../runtime/server/index.js'
import { basic, ISSUER, setup } from './fixtures.js'

const PATHS = [
  '/authorize',
  '/token',
  '/revoke',
  '/introspect',
  '/userinfo',
  '/jwks',
  '/device_authorization',
  '/register',
  '/register/web',
  '/logout',
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
]
const NAMES = [
  'grant_type',
  'code',
  'redirect_uri',
  'client_id',
  'client_secret',
  'code_verifier',
  'refresh_token',
  'scope',
  'token',
  'token_type_hint',
  'response_type',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'access_token',
  'prompt',
  'max_age',
  'device_code',
  'id_token_hint',
  'post_logout_redirect_uri',
  'response_mode',
]
const VALUES = [
  'authorization_code',
  'client_credentials',
  'refresh_token',
  'code',
  'web',
  'native',
  'web-secret',
  'https://app.example/cb',
  'http://127.0.0.1:9/cb',
  'openid profile',
  'S256',
  'plain',
  'none login',
  '-1',
  'urn:ietf:params:oauth:grant-type:device_code',
  '',
]

const value = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
)
const params = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 10 })), value), {
  maxLength: 12,
})
/** RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
const DESCRIPTION = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/
const encode = (pairs: [string, string][]) => new URLSearchParams(pairs).toString()
const body = fc.oneof(
  params.map(encode),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('%', '%zz', 'a=%E0%A4%A', '&&&==', 'a'.repeat(70_000)),
)
const ascii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
})
const authorization = fc.option(
  fc.oneof(
    fc.constant(basic('web', 'web-secret')),
    ascii.map((s) => `Basic ${btoa(s)}`),
    ascii.map((s) => `Bearer ${s}`),
    ascii,
  ),
)
const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded;charset=UTF-8',
      'application/json',
      'text/plain',
    ),
    ascii,
  ),
)

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    fc.constantFrom(...PATHS),
    ascii.map((s) => `/${encodeURIComponent(s)}`),
  ),
  query: params.map(encode),
  authorization,
  contentType,
  body,
})

describe('fuzzing every endpoint', () => {
  it('never answers 500, always answers in an RFC shape, and keeps serving', async () => {
    const f = await setup({
      authorize: async () => ({ user: { sub: 'alice' }, approved: true }),
      registration: { open: true },
      endSession: async () => undefined,
    })
    f.server.registerGrant(deviceCodeGrant())
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const headers = new Headers()
        if (r.authorization !== null) headers.set('authorization', r.authorization)
        if (r.contentType !== null) headers.set('content-type', r.contentType)
        const hasBody = r.method !== 'GET' && r.method !== 'HEAD'
        const request = new Request(`${ISSUER}${r.path}?${r.query}`, {
          method: r.method,
          headers,
          ...(hasBody ? { body: r.body } : {}),
        })
        const res = await f.server.handler(request)
        expect(res.status).toBeLessThan(500)
        const type = res.headers.get('content-type') ?? ''
        if (res.status === 302) {
          const location = new URL(res.headers.get('location')!)
          expect(['https://app.example/cb', 'https://app.example/other', 'http://127.0.0.1/cb']).toContain(
            location.origin.replace(/:\d+$/, '') + location.pathname,
          )
          expect(location.searchParams.get('iss')).toBe(ISSUER)
          expect(location.searchParams.get('error_description') ?? '').toMatch(DESCRIPTION)
        } else if (type.startsWith('application/json') && res.status >= 400) {
          const json = await res.json()
          expect(typeof json.error).toBe('string')
          expect(json.error_description ?? '').toMatch(DESCRIPTION)
          expect(JSON.stringify(json)).not.toMatch(/at .*\.ts:\d+/)
        } else if (res.status >= 400) {
          expect(type).toMatch(/^(text\/html|application\/json)/)
        }
      }),
      { numRuns: 400 },
    )
    const md = await f.server.handler(new Request(`${ISSUER}/.well-known/openid-configuration`))
    expect(md.status).toBe(200)
  })
})
