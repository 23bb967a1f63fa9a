import { afterAll, describe, expect, it } from 'vitest'
import { githubEnterprise } from '../../generated/providers/github-enterprise.js'
import { gitlab } from '../../generated/providers/gitlab.js'
import { okta, oktaLogin } from '../../generated/providers/okta.js'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import githubSpec from '../../providers/github.js'
import githubEnterpriseSpec from '../../providers/github-enterprise.js'
import gitlabSpec from '../../providers/gitlab.js'
import oktaSpec from '../../providers/okta.js'
import { ArgumentError } from '../../runtime/errors.js'
import { bindHosts } from '../../runtime/provider/lib/bind-hosts.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'
import { findSpecProblems } from '../../runtime/provider/validate-spec.js'

const credentials = {
  clientId: 'client-1',
  clientSecret: 'secret-1',
  redirectUri: 'http://127.0.0.1/callback',
}
const mocks: MockProvider[] = []
afterAll(async () => {
  await Promise.all(mocks.map((m) => m.close()))
})
async function mockOf(spec: ProviderSpec, hosts?: Record<string, string>): Promise<MockProvider> {
  const mock = await createMockProvider(spec, hosts ? { hosts } : {})
  mocks.push(mock)
  return mock
}
async function approve(url: URL): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return res.headers.get('location') ?? ''
}

describe('hosts: typed options for the customer hosts', () => {
  it('okta requires its domain: at compile time and at once at run time, naming it', () => {
    // @ts-expect-error `domain` is required by the generated factory
    expect(() => okta(credentials)).toThrow(ArgumentError)
    // @ts-expect-error the same for the sign-in factory
    expect(() => oktaLogin(credentials)).toThrow('"domain" is required')
    expect(() => okta({ ...credentials, domain: 'https://dev-1.okta.com/' })).toThrow(
      '"domain" must be a host name such as "dev-123456.okta.com"',
    )
  })

  it('okta: a login on its domain, discovery, ID token iss and UserInfo, all at the mock', async () => {
    const mock = await mockOf(oktaSpec as ProviderSpec, { domain: 'acme.okta.com' })
    expect(mock.hostMap).toEqual({ 'https://acme.okta.com': mock.url })
    expect(mock.hosts).toEqual({ domain: 'acme.okta.com' })
    const client = okta({ ...credentials, domain: 'acme.okta.com', hostMap: mock.hostMap })
    const { url, session } = await client.authorizationUrl()
    expect(url.origin).toBe(mock.url)
    const tokens = await client.callback(await approve(url), session)
    expect(tokens.claims?.iss).toBe('https://acme.okta.com')
    expect((await client.profile(tokens)).email).toBe('mock.user@example.com')
    expect(mock.requests[0]).toEqual({ method: 'GET', path: '/.well-known/openid-configuration' })
  })

  it('gitlab: gitlab.com by default; a self-managed host replaces it in the issuer and the API', async () => {
    const refused = { code: 'UNMAPPED_HOST', message: expect.stringContaining('https://gitlab.com') }
    await expect(gitlab({ ...credentials, hostMap: {} }).authorizationUrl()).rejects.toMatchObject(refused)
    const mock = await mockOf(gitlabSpec as ProviderSpec, { host: 'gitlab.example.com' })
    const client = gitlab({ ...credentials, host: 'gitlab.example.com', hostMap: mock.hostMap })
    const { url, session } = await client.authorizationUrl()
    const tokens = await client.callback(await approve(url), session)
    expect(tokens.claims?.iss).toBe('https://gitlab.example.com')
    expect(await client.api.getCurrentUser(tokens)).toMatchObject({ username: expect.any(String) })
    expect(mock.requests.map((r) => r.path)).toContain('/api/v4/user')
  })

  it('github-enterprise: its host in the web flow, the RFC 9207 iss (<host>/login/oauth) and /api/v3', async () => {
    // @ts-expect-error `host` is required: an Enterprise Server has no default host
    expect(() => githubEnterprise(credentials)).toThrow('"host" is required')
    const mock = await mockOf(githubEnterpriseSpec as ProviderSpec, { host: 'ghe.example.com' })
    expect(mock.hostMap).toEqual({ 'https://ghe.example.com': mock.url })
    const client = githubEnterprise({ ...credentials, host: 'ghe.example.com', hostMap: mock.hostMap })
    const { url, session } = await client.authorizationUrl({ scopes: ['read:user'] })
    const callback = new URL(await approve(url))
    expect(callback.searchParams.get('iss')).toBe('https://ghe.example.com/login/oauth')
    const mixedUp = new URL(callback)
    mixedUp.searchParams.set('iss', 'https://github.com/login/oauth')
    await expect(client.callback(mixedUp, session)).rejects.toMatchObject({ code: 'ISSUER_MISMATCH' })
    const tokens = await client.callback(callback, session)
    expect(await client.api.getAuthenticatedUser(tokens)).toMatchObject({ login: expect.any(String) })
    expect(mock.requests.map((r) => r.path)).toContain('/api/v3/user')
  })
})

describe('bindHosts', () => {
  it('fills the callback iss (RFC 9207) and the revocation URL, and keeps {client_id}', () => {
    const spec = {
      ...(githubSpec as ProviderSpec),
      hosts: { host: { description: 'GitHub Enterprise Server host', example: 'github.example.com' } },
      callback: { issuer: { value: 'https://{host}/login/oauth', required: false } },
      revocation: {
        ...(githubSpec as ProviderSpec).revocation!,
        url: 'https://{host}/api/v3/applications/{client_id}/token',
      },
    } satisfies ProviderSpec
    const bound = bindHosts(spec, { host: 'github.example.com' })
    expect(bound.callback?.issuer?.value).toBe('https://github.example.com/login/oauth')
    expect(bound.revocation?.url).toBe('https://github.example.com/api/v3/applications/{client_id}/token')
    expect(bindHosts(githubSpec as ProviderSpec, {})).toBe(githubSpec)
  })
})

describe('validate: a placeholder that is not one of hosts', () => {
  it.each([
    [
      'the issuer',
      { issuer: 'https://{tenant}' },
      'providers/okta.ts:issuer: unknown placeholder "{tenant}"',
    ],
    [
      'the API base URL',
      { api: { baseUrl: 'https://{tenant}/api', operations: {} } },
      'providers/okta.ts:api.baseUrl: unknown placeholder "{tenant}"',
    ],
  ])('in %s is refused, naming the field', (_, change, want) => {
    const problems = findSpecProblems({ ...oktaSpec, ...change }, 'providers/okta.ts').map((p) => p.message)
    expect(problems.some((m) => m.startsWith(want))).toBe(true)
  })
})
