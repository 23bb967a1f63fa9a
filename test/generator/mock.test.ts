import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  approve as approveAt,
  approvedParams,
  createMockProvider,
  DEFAULT_MOCK_CONSUMER,
  fixtureFor,
  type MockProvider,
} from '../../mock/index.js'
import githubSpec from '../../providers/github.js'
import vkSpec from '../../providers/vk.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'
import {
  approveRedirect as approve,
  type CatalogueEntry,
  loadCatalogue,
  revocable,
  samplePathParams,
} from '../providers/lib/catalogue.js'

interface AnyClient {
  authorizationUrl(): Promise<{ url: URL; session: never }>
  callback(
    url: string | URLSearchParams,
    session: never,
  ): Promise<{ accessToken: string; scopes: readonly string[]; refreshToken: string | undefined }>
  refresh(tokens: unknown): Promise<{ accessToken: string }>
  revoke(tokens: unknown): Promise<void>
  profile(tokens: unknown): Promise<{ id: string; name: string | null }>
  api: Record<string, (tokens: unknown, params?: unknown) => Promise<unknown>>
}

/** Every spec in providers/, found on disk: a new spec is logged in without editing this file. */
const catalogue = await loadCatalogue()
const oauth2 = catalogue.filter((c) => c.spec.protocol !== 'oauth1')
const oauth1 = catalogue.filter((c) => c.spec.protocol === 'oauth1')

const mocks: MockProvider[] = []
afterAll(async () => {
  await Promise.all(mocks.map((m) => m.close()))
})

describe('createMockProvider: every built-in client logs in against its mock', () => {
  it.each(oauth2)(
    '$id: authorization URL, callback, tokens, API operations, profile, refresh, revoke',
    async ({ spec, factory }: CatalogueEntry) => {
      const mock = await createMockProvider(spec)
      mocks.push(mock)
      const client = factory({
        clientId: 'client-1',
        clientSecret: 'secret-1',
        redirectUri: 'http://127.0.0.1/callback',
        endpointOverrides: mock.endpointOverrides,
        // What the mock verifies: its client secret (HS256 ID tokens), or a signing key (Apple).
        ...mock.credentials,
        // The customer hosts of a spec with `hosts` (an Okta domain): the ones the mock answers as.
        ...mock.hosts,
        ...(spec.issuerAtRuntime ? { issuer: mock.issuer } : {}),
      } as never) as AnyClient
      const { url, session } = await client.authorizationUrl()
      // A redirect, or the fields a form_post provider POSTs (Apple).
      const location = await approveAt(url)
      const back = approvedParams(location)
      expect(back.get('error'), String(location)).toBeNull()
      for (const name of spec.callback?.echoParams ?? []) expect(back.get(name)).toBe(`mock-${name}`)
      const tokens = await client.callback(location, session)
      expect(tokens.accessToken).toMatch(/^[\w-]{20,}$/)
      expect([...tokens.scopes].sort()).toEqual([...spec.scopes.defaults].sort())

      for (const [name, op] of Object.entries(spec.api?.operations ?? {})) {
        const result = await client.api[name]!(tokens, samplePathParams(op))
        expect(result, name).toEqual(fixtureFor(op.response, name))
        expect(op.response.safeParse(result).success).toBe(true)
      }
      const profile = await client.profile(tokens)
      expect(profile.id).not.toBe('')

      // The spec language has no "no refresh tokens" field: refresh whenever one was issued.
      const refreshed = tokens.refreshToken === undefined ? tokens : await client.refresh(tokens)
      if (tokens.refreshToken !== undefined) expect(refreshed.accessToken).not.toBe(tokens.accessToken)
      if (!revocable(spec)) return
      await client.revoke(refreshed)
      if (spec.api && Object.keys(spec.api.operations).length > 0) {
        const first = Object.keys(spec.api.operations)[0]!
        await expect(client.api[first]!(refreshed)).rejects.toMatchObject({
          name: expect.stringMatching(/Error/),
        })
      }
    },
    60_000,
  )

  it.each(oauth1)(
    '$id (OAuth 1.0a): request token, authorization URL, callback, access token, profile',
    async ({ spec, factory }: CatalogueEntry) => {
      const mock = await createMockProvider(spec)
      mocks.push(mock)
      const client = factory({
        consumerKey: DEFAULT_MOCK_CONSUMER.key,
        consumerSecret: DEFAULT_MOCK_CONSUMER.secret,
        callbackUrl: 'http://127.0.0.1/callback',
        endpointOverrides: mock.endpointOverrides,
      } as never) as AnyClient
      const { url, session } = await client.authorizationUrl()
      const tokens = await client.callback(await approve(url), session)
      expect(tokens.accessToken).toMatch(/^[\w-]{20,}$/)
      const profile = await client.profile(tokens)
      expect(profile.id).not.toBe('')
    },
    60_000,
  )

  it('required PKCE is enforced: an authorization request without a challenge is refused', async () => {
    const mock = await createMockProvider(vkSpec as ProviderSpec)
    mocks.push(mock)
    const res = await fetch(`${mock.url}/authorize?client_id=a&redirect_uri=http://127.0.0.1/cb&state=s`, {
      redirect: 'manual',
    })
    const back = new URL(res.headers.get('location') ?? '')
    expect(back.searchParams.get('error')).toBe('invalid_request')
    expect(back.searchParams.get('code')).toBeNull()
  })

  it('token errors come with HTTP 200 and form encoding when the spec says so', async () => {
    const mock = await createMockProvider(githubSpec as ProviderSpec)
    mocks.push(mock)
    const res = await fetch(`${mock.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=nope&client_id=a',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('x-www-form-urlencoded')
    expect(new URLSearchParams(await res.text()).get('error')).toBe('invalid_grant')
  })

  it('API calls without a required header are refused, as the provider does', async () => {
    const mock = await createMockProvider(githubSpec as ProviderSpec)
    mocks.push(mock)
    const res = await fetch(`${mock.url}/api/user`, { headers: { authorization: 'Bearer x' } })
    expect(res.status).toBe(403)
  })
})

/**
 * Runs `authspec mock <id> --port 0` and reads the JSON of each printed `<name>: {…}` line, up
 * to `endpointOverrides` (the last one); the caller stops the child.
 */
async function mockCommand(
  id: string,
): Promise<{ printed: Record<string, Record<string, string>>; stop(): void }> {
  const bin = fileURLToPath(new URL('../../bin/authspec.js', import.meta.url))
  const child = spawn(process.execPath, [bin, 'mock', id, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (c: Buffer) => {
      text += c.toString()
      if (/endpointOverrides: .*\n/.test(text)) resolve(text)
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)))
  })
  const printed: Record<string, Record<string, string>> = {}
  for (const [, name, value] of out.matchAll(/^(\w+): (\{.*\})$/gm)) printed[name!] = JSON.parse(value!)
  return { printed, stop: () => child.kill('SIGTERM') }
}

describe('authspec mock <id>', () => {
  it('serves the provider on the given port and prints its endpointOverrides', async () => {
    const { printed, stop } = await mockCommand('github')
    try {
      const overrides = printed['endpointOverrides']!
      expect(overrides['token']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/token$/)
      const res = await fetch(`${overrides['token']}`, {
        method: 'POST',
        body: 'grant_type=password',
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ error: 'invalid_client' })
    } finally {
      stop()
    }
  }, 60_000)

  it('prints the credentials the mock verifies: Apple gets a key to sign client secrets with', async () => {
    const { printed, stop } = await mockCommand('apple')
    stop()
    expect(printed['credentials']).toMatchObject({ teamId: 'MOCKTEAM01', keyId: 'MOCKKEY001' })
    expect(printed['credentials']?.['privateKey']).toMatch(/^-----BEGIN PRIVATE KEY-----/)
  }, 60_000)

  it('an unknown provider exits 1 naming the known ones', async () => {
    const bin = fileURLToPath(new URL('../../bin/authspec.js', import.meta.url))
    const child = spawn(process.execPath, [bin, 'mock', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString()
    })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(err).toContain('github')
  }, 60_000)
})
