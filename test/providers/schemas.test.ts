import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z as classic } from 'zod'
import * as mini from 'zod/mini'
import { OAuthError } from '../../runtime/errors.js'
import { validate } from '../../runtime/lib/json-response.js'
import { createMetadataCache } from '../../runtime/oauth2/metadata-cache.js'
import { TokenResponseSchema } from '../../runtime/oauth2/types.js'
import type { GenericProviderClient } from '../../runtime/provider/client-types.js'
import { createClient } from '../../runtime/provider/create-client.js'
import { neededSupport } from '../../runtime/provider/lib/needed-support.js'
import type { ProviderSpec, ResponseSchema } from '../../runtime/provider/spec-types.js'
import { apiSupport, type ClientSupport, everySupport } from '../../runtime/provider/support.js'
import { minimalSpec } from '../helpers/minimal-spec.js'

/**
 * The runtime is written with `zod/mini`; users may write their API response schemas with the
 * classic `zod` API. Both are zod 4 core schemas, and the client must run either the same way.
 */
let server: Server
let base: string
let me: unknown = {}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      if (req.url === '/token') res.end(JSON.stringify({ access_token: 'at', token_type: 'bearer' }))
      else res.end(JSON.stringify(me))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const schemas = {
  classic: classic.object({ id: classic.number(), name: classic.string().nullable() }),
  mini: mini.object({ id: mini.number(), name: mini.nullable(mini.string()) }),
}

function spec(response: ResponseSchema, overrides: Partial<ProviderSpec> = {}) {
  return minimalSpec(
    {
      id: 'example',
      displayName: 'Example',
      pkce: 'required',
      api: {
        baseUrl: 'https://api.example.com',
        operations: { me: { method: 'GET', path: '/me', description: 'The user', response } },
      },
      ...overrides,
    },
    'https://example.com',
  )
}

async function signIn(client: GenericProviderClient) {
  const { url, session } = await client.authorizationUrl()
  const cb = new URL('http://127.0.0.1/cb')
  cb.searchParams.set('code', 'c')
  cb.searchParams.set('state', url.searchParams.get('state')!)
  return client.callback(cb, session)
}

/** A client of `s` with every support module, and one with `apiSupport` alone (a plain OAuth 2.0 bundle). */
const entries = {
  every: (s: ProviderSpec) => createClient(s, apiConfig(), everySupport),
  api: (s: ProviderSpec) => createClient(s, apiConfig(), { api: apiSupport }),
}

function apiConfig() {
  return {
    clientId: 'id',
    clientSecret: 'secret',
    redirectUri: 'http://127.0.0.1/cb',
    allowInsecureRequests: true,
    endpointOverrides: { token: `${base}/token`, api: base },
  }
}

describe('API response schemas written with zod or zod/mini', () => {
  const cases = (['classic', 'mini'] as const).flatMap((flavour) =>
    (['every', 'api'] as const).map((entry) => ({ flavour, entry })),
  )

  it.each(cases)('$flavour schema with $entry support: parsed on success', async ({ flavour, entry }) => {
    const client = entries[entry](spec(schemas[flavour]))
    const tokens = await signIn(client)
    me = { id: 7, name: null, extra: 'dropped' }
    await expect(client.api['me']!(tokens)).resolves.toEqual({ id: 7, name: null })
  })

  it.each(cases)(
    '$flavour schema with $entry support: a changed shape names the field',
    async ({ flavour, entry }) => {
      const client = entries[entry](spec(schemas[flavour]))
      const tokens = await signIn(client)
      me = { id: '7', name: null }
      const err = await client.api['me']!(tokens).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(OAuthError)
      expect((err as OAuthError).code).toBe('INVALID_RESPONSE')
      expect((err as OAuthError).claim).toBe('id')
      expect((err as OAuthError).message).toMatch(/response field "id": expected number/)
    },
  )
})

describe('validate', () => {
  it.each([
    { name: 'classic zod', schema: classic.object({ n: classic.number(), s: classic.string().min(1) }) },
    {
      name: 'zod/mini',
      schema: mini.object({ n: mini.number(), s: mini.string().check(mini.minLength(1)) }),
    },
  ])('gives the same words for $name, whatever locale zod has loaded', ({ schema }) => {
    expect(validate(schema, { n: 1, s: 'x' })).toEqual({ n: 1, s: 'x' })
    expect(() => validate(schema, { n: 'one', s: 'x' })).toThrow('response field "n": expected number')
    expect(() => validate(schema, { n: 1, s: '' })).toThrow('response field "s": must not be empty')
    expect(() => validate(schema, null)).toThrow('response field "(root)": expected object')
  })

  it('describes a bad URL and a bad literal', () => {
    const schema = mini.object({ u: mini.url(), v: mini.literal(1) })
    expect(() => validate(schema, { u: 'not a url', v: 1 })).toThrow('"u": expected a URL')
    expect(() => validate(schema, { u: 'https://a.example', v: 2 })).toThrow('"v": expected one of 1')
  })

  it('keeps unknown token response members and reads a numeric string lifetime', () => {
    const parsed = validate(TokenResponseSchema, {
      access_token: 'a',
      token_type: 'b',
      expires_in: '60',
      x: 1,
    })
    expect(parsed).toEqual({ access_token: 'a', token_type: 'b', expires_in: 60, x: 1 })
    expect(() =>
      validate(TokenResponseSchema, { access_token: 'a', token_type: 'b', expires_in: -1 }),
    ).toThrow('"expires_in": expected whole seconds')
  })
})

describe('the support a spec needs', () => {
  const config = { clientId: 'id', clientSecret: 'secret', redirectUri: 'http://127.0.0.1/cb' }

  it.each([
    { name: 'plain OAuth 2.0', overrides: {}, login: [] },
    { name: 'OpenID Connect', overrides: { protocol: 'oidc' as const }, login: ['idTokens'] },
    { name: 'discovered from an issuer', overrides: { issuer: 'https://example.com' }, login: ['discovery'] },
    {
      name: 'client_secret_jwt',
      overrides: { clientAuth: 'client_secret_jwt' as const },
      login: ['jwtClientAuth'],
    },
    {
      name: 'private_key_jwt',
      overrides: { clientAuth: 'private_key_jwt' as const },
      login: ['jwtClientAuth'],
    },
    {
      name: 'revocation signed with a JWT',
      overrides: {
        revocation: {
          method: 'POST' as const,
          url: 'https://example.com/revoke',
          auth: 'private_key_jwt' as const,
          body: 'form' as const,
          tokenParam: 'token',
        },
      },
      login: ['jwtClientAuth'],
    },
  ] as const)(
    '$name: sign-in needs $login; createClient refuses a set without one',
    ({ overrides, login }) => {
      const s = spec(schemas.mini, overrides)
      expect(neededSupport(s, 'login')).toEqual(login)
      const full = neededSupport(s, 'client')
      expect(full).toEqual(['api', ...login, ...(s.protocol === 'oidc' ? ['userinfo'] : [])].sort())
      const only = (names: readonly string[]): ClientSupport =>
        Object.fromEntries(names.map((n) => [n, everySupport[n as keyof ClientSupport]]))
      expect(() => createClient(s, config, only(login))).not.toThrow()
      expect(() => createClient(s, config, { ...only(full), api: apiSupport })).not.toThrow()
      for (const missing of full.filter((n) => n !== 'api')) {
        const without = only(full.filter((n) => n !== missing))
        expect(() => createClient(s, config, { ...without, api: apiSupport })).toThrow(
          new RegExp(`"support" needs \\{ ${missing}: ${missing}Support \\}`),
        )
      }
      expect(() => createClient(s, config, everySupport)).not.toThrow()
    },
  )

  it('discovers from an issuer given at run time only with discovery support or a metadata cache', () => {
    const s = spec(schemas.mini)
    const overridden = { ...config, endpointOverrides: { issuer: base } }
    expect(() => createClient(s, overridden, { api: apiSupport })).toThrow(
      /"support" needs \{ discovery: discoverySupport \} from 'authspec\/provider' \(or a "metadataCache"\)/,
    )
    const metadataCache = createMetadataCache({ allowInsecureRequests: true })
    expect(() => createClient(s, { ...overridden, metadataCache }, { api: apiSupport })).not.toThrow()
  })

  it('refuses "api" with sign-in data alone (login-clients.test.ts covers the sign-in client)', () => {
    const s = spec(schemas.mini)
    const { profile: _mapping, api: _operations, ...loginSpec } = s
    expect(() => createClient(loginSpec as ProviderSpec, config, { api: apiSupport })).toThrow(
      /"spec" has no profile mapping/,
    )
  })
})
