import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { github } from '../../generated/providers/github.js'
import { google } from '../../generated/providers/google.js'
import { vk } from '../../generated/providers/vk.js'
import {
  approve as approveAt,
  approvedParams,
  createMockProvider,
  DEFAULT_MOCK_CONSUMER,
  type MockProvider,
} from '../../mock/index.js'
import googleSpec from '../../providers/google.js'
import vkSpec from '../../providers/vk.js'
import { buildEntry } from '../../runtime/auth/lib/registry.js'
import { OAuthError } from '../../runtime/errors.js'
import type { FetchLike } from '../../runtime/lib/http.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'
import {
  approveRedirect as approve,
  type CatalogueEntry,
  loadCatalogue,
  revocable,
  samplePathParams,
} from './lib/catalogue.js'

interface AnyClient {
  authorizationUrl(): Promise<{ url: URL; session: never }>
  callback(
    url: string | URLSearchParams,
    session: never,
  ): Promise<{ accessToken: string; refreshToken: string | undefined }>
  refresh(tokens: unknown): Promise<{ accessToken: string }>
  revoke(tokens: unknown): Promise<void>
  profile(tokens: unknown): Promise<{ id: string }>
  api: Record<string, (tokens: unknown, params?: unknown) => Promise<unknown>>
}

/** The `fetch` a client is given: records every URL that actually leaves the client. */
function recorder(): { fetch: FetchLike; sent: string[] } {
  const sent: string[] = []
  return {
    sent,
    fetch: (input, init) => {
      sent.push(input instanceof Request ? input.url : String(input))
      return fetch(input, init)
    },
  }
}

const catalogue = await loadCatalogue()
const mocks: MockProvider[] = []
async function mockOf(spec: ProviderSpec): Promise<MockProvider> {
  const mock = await createMockProvider(spec)
  mocks.push(mock)
  return mock
}
const closers: (() => void)[] = []
afterAll(async () => {
  for (const close of closers) close()
  await Promise.all(mocks.map((m) => m.close()))
})

const credentials = {
  clientId: 'client-1',
  clientSecret: 'secret-1',
  redirectUri: 'http://127.0.0.1/callback',
}
const refused = { name: 'OAuthError', code: 'UNMAPPED_HOST' }

describe('hostMap: every request of a full flow goes to the mock', () => {
  it.each(catalogue)(
    '$id: login, API, profile, refresh and revoke touch only the mock',
    async ({ spec, factory }: CatalogueEntry) => {
      const mock = await mockOf(spec)
      const { fetch, sent } = recorder()
      const oauth1 = spec.protocol === 'oauth1'
      const client = factory({
        ...(oauth1
          ? {
              consumerKey: DEFAULT_MOCK_CONSUMER.key,
              consumerSecret: DEFAULT_MOCK_CONSUMER.secret,
              callbackUrl: 'http://127.0.0.1/callback',
            }
          : { ...credentials, ...mock.credentials }),
        hostMap: mock.hostMap,
        ...mock.hosts,
        fetch,
        ...(spec.issuerAtRuntime ? { issuer: mock.issuer } : {}),
      } as never) as AnyClient
      const { url, session } = await client.authorizationUrl()
      expect(url.origin).toBe(mock.url)
      // A redirect, or the fields a form_post provider POSTs (Apple).
      const location = await approveAt(url)
      expect(approvedParams(location).get('error'), String(location)).toBeNull()
      const tokens = await client.callback(location, session)
      for (const [name, op] of Object.entries(spec.api?.operations ?? {}))
        await client.api[name]!(tokens, samplePathParams(op))
      expect((await client.profile(tokens)).id).not.toBe('')
      if (!oauth1 && tokens.refreshToken !== undefined) await client.refresh(tokens)
      if (!oauth1 && revocable(spec)) await client.revoke(tokens)
      expect(sent.length).toBeGreaterThan(0)
      expect(sent.filter((u) => new URL(u).origin !== mock.url)).toEqual([])
      // The mock was reached at the spec's own paths, not only at its fixed ones.
      expect(mock.requests.length).toBeGreaterThanOrEqual(sent.length)
    },
    60_000,
  )
})

describe('hostMap: a host left out is refused before anything is sent', () => {
  it('VK ID: profile() with the map lacking id.vk.com refuses, and the token never leaves', async () => {
    const mock = await mockOf(vkSpec as ProviderSpec)
    const full = vk({ ...credentials, hostMap: mock.hostMap })
    const { url, session } = await full.authorizationUrl()
    const tokens = await full.callback(await approve(url), session)
    const { fetch, sent } = recorder()
    // The measured leak: only the mock's own origin, none of VK's.
    const partial = vk({ ...credentials, hostMap: { [mock.url]: mock.url }, fetch })
    await expect(partial.profile(tokens)).rejects.toMatchObject(refused)
    await expect(partial.refresh(tokens)).rejects.toMatchObject(refused)
    await expect(partial.revoke(tokens)).rejects.toMatchObject(refused)
    await expect(partial.authorizationUrl()).rejects.toMatchObject(refused)
    expect(sent).toEqual([])
  })

  it('Google: with only the issuer mapped, api.getUserInfo and revoke are refused', async () => {
    const mock = await mockOf(googleSpec as ProviderSpec)
    const { fetch, sent } = recorder()
    const client = google({ ...credentials, hostMap: { 'https://accounts.google.com': mock.url }, fetch })
    const { url, session } = await client.authorizationUrl({ scopes: ['openid', 'email'] })
    const tokens = await client.callback(await approve(url), session)
    expect(tokens.claims?.iss).toBe('https://accounts.google.com')
    await expect(client.api.getUserInfo(tokens)).rejects.toMatchObject(refused)
    await expect(client.revoke(tokens)).rejects.toMatchObject(refused)
    expect(sent.map((u) => new URL(u).origin)).toEqual(sent.map(() => mock.url))
    expect(mock.requests.map((r) => r.path)).not.toContain('/revoke')
  })

  it('a URL learned from discovery on an unmapped host is refused: the token request never leaves', async () => {
    // Stands in for accounts.google.com with Google's real discovery document.
    const seen: string[] = []
    const issuerServer = createServer((req, res) => {
      seen.push(req.url ?? '')
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: 'https://accounts.google.com',
          authorization_endpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
          token_endpoint: 'https://oauth2.googleapis.com/token',
          jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        }),
      )
    })
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve))
    closers.push(() => issuerServer.close())
    const local = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`
    const { fetch, sent } = recorder()
    const client = google({ ...credentials, hostMap: { 'https://accounts.google.com': local }, fetch })
    const { url, session } = await client.authorizationUrl()
    expect(url.href.startsWith(`${local}/o/oauth2/v2/auth?`)).toBe(true)
    const callback = `http://127.0.0.1/callback?code=c&state=${url.searchParams.get('state')}`
    const failure = await client.callback(callback, session).catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(OAuthError)
    expect(failure).toMatchObject({
      ...refused,
      message: expect.stringContaining('https://oauth2.googleapis.com'),
    })
    expect(seen).toEqual(['/.well-known/openid-configuration'])
    expect(sent).toEqual([`${local}/.well-known/openid-configuration`])
  })
})

describe('createAuth registry', () => {
  it("discovers through the hostMap of a registered spec's credentials, not from production", async () => {
    const mock = await mockOf(googleSpec as ProviderSpec)
    const entry = buildEntry('google', googleSpec, { ...credentials, hostMap: mock.hostMap })
    const metadata = await entry.cache.get('https://accounts.google.com')
    expect(metadata.token_endpoint).toBe('https://accounts.google.com/token')
    expect(mock.requests.map((r) => r.path)).toEqual(['/.well-known/openid-configuration'])
    const unmapped = buildEntry('g2', googleSpec, { ...credentials, hostMap: { [mock.url]: mock.url } })
    await expect(unmapped.cache.get('https://accounts.google.com')).rejects.toMatchObject(refused)
  })
})

describe('authspec mock prints the hostMap to paste', () => {
  it('github: the printed line, parsed as is, logs in, calls the API, refreshes and revokes at the mock', async () => {
    const bin = fileURLToPath(new URL('../../bin/authspec.js', import.meta.url))
    const child = spawn(process.execPath, [bin, 'mock', 'github', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    closers.push(() => child.kill())
    const out = await new Promise<string>((resolve, reject) => {
      let text = ''
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (text.includes('hostMap:')) resolve(text)
      })
      child.once('exit', () => reject(new Error(`authspec mock exited: ${text}`)))
    })
    const line = out.split('\n').find((l) => l.startsWith('hostMap: '))!
    const hostMap = JSON.parse(line.slice('hostMap: '.length)) as Record<string, string>
    const local = Object.values(hostMap)[0]!
    expect(hostMap).toEqual({ 'https://api.github.com': local, 'https://github.com': local })
    const { fetch, sent } = recorder()
    const client = github({ ...credentials, hostMap, fetch })
    const { url, session } = await client.authorizationUrl()
    expect(url.href.startsWith(`${local}/login/oauth/authorize?`)).toBe(true)
    const tokens = await client.callback(await approve(url), session)
    expect((await client.profile(tokens)).id).not.toBe('')
    await client.revoke(await client.refresh(tokens))
    expect(sent.filter((u) => !u.startsWith(`${local}/`))).toEqual([])
    expect(sent.map((u) => new URL(u).pathname)).toContain('/login/oauth/access_token')
  }, 60_000)
})
