import { afterAll, describe, expect, it } from 'vitest'
import { auth0 } from '../../generated/providers/auth0.js'
import { authentik } from '../../generated/providers/authentik.js'
import { cognito } from '../../generated/providers/cognito.js'
import { gitea } from '../../generated/providers/gitea.js'
import { keycloak } from '../../generated/providers/keycloak.js'
import { mastodon } from '../../generated/providers/mastodon.js'
import { synology } from '../../generated/providers/synology.js'
import { createMockProvider, type MockProvider } from '../../mock/index.js'
import { ArgumentError } from '../../runtime/errors.js'
import { loadCatalogue } from './lib/catalogue.js'

const credentials = {
  clientId: 'client-1',
  clientSecret: 'secret-1',
  redirectUri: 'http://127.0.0.1/callback',
}

/** The catalogue's specs with a customer host that has no default (an Auth0 domain, a realm). */
const hosted = (await loadCatalogue()).filter((c) =>
  Object.values(c.spec.hosts ?? {}).some((h) => h.default === undefined),
)

const mocks: MockProvider[] = []
afterAll(() => Promise.all(mocks.map((m) => m.close())))

describe('catalogue hosts: every required host is a typed option', () => {
  it('a factory without one does not compile', () => {
    const calls = [
      // @ts-expect-error `domain` is required
      () => auth0(credentials),
      // @ts-expect-error `slug` is required besides `host`
      () => authentik({ ...credentials, host: 'auth.example.com' }),
      // @ts-expect-error `domain` is required
      () => cognito(credentials),
      // @ts-expect-error `host` is required
      () => gitea(credentials),
      // @ts-expect-error `realm` is required besides `host`
      () => keycloak({ ...credentials, host: 'sso.example.com' }),
      // @ts-expect-error `instance` is required
      () => mastodon(credentials),
      // @ts-expect-error `host` is required
      () => synology(credentials),
    ]
    for (const call of calls) expect(call).toThrow(ArgumentError)
  })

  it.each(hosted)('$id: each missing host fails at once, naming the option', ({ spec, factory }) => {
    const examples = Object.fromEntries(
      Object.entries(spec.hosts ?? {}).map(([name, h]) => [name, h.example]),
    )
    for (const [name, host] of Object.entries(spec.hosts ?? {})) {
      if (host.default !== undefined) continue
      const { [name]: _left, ...others } = examples
      expect(() => factory({ ...credentials, ...others } as never)).toThrow(`"${name}" is required`)
    }
  })

  it.each(hosted)(
    '$id: a customer host of its own reaches only that host, mapped to the mock',
    async (entry) => {
      // The mock answers as hosts other than the spec's examples: the client must use the ones given.
      const hosts = Object.fromEntries(
        Object.keys(entry.spec.hosts ?? {}).map((name) => [name, `${name}-x.test`]),
      )
      const mock = await createMockProvider(entry.spec, { hosts })
      mocks.push(mock)
      expect(Object.keys(mock.hostMap).every((origin) => origin.includes('-x.test'))).toBe(true)
      const client = entry.factory({ ...credentials, ...hosts, hostMap: mock.hostMap } as never) as {
        authorizationUrl(): Promise<{ url: URL; session: never }>
        callback(url: string, session: never): Promise<unknown>
        profile(tokens: unknown): Promise<{ id: string }>
      }
      const { url, session } = await client.authorizationUrl()
      const back = await fetch(url, { redirect: 'manual' })
      const tokens = await client.callback(back.headers.get('location') ?? '', session)
      expect((await client.profile(tokens)).id).not.toBe('')
    },
  )
})
