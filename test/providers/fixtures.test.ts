import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { NormalizedProfile, ProfileContext } from '../../runtime/provider/spec-types.js'
import { type CatalogueEntry, loadCatalogue } from './lib/catalogue.js'

/**
 * test/providers/fixtures/<id>.json: the provider's documented sample responses, copied from the
 * page `source` links to. Each response must parse with its API operation's schema, and the spec's
 * profile mapping, run on them alone, must give `profile`. Every spec must bring one.
 */
interface Fixture {
  source: string
  /** How the sample was made when the page shows none verbatim (written from its field list). */
  note?: string
  /** Sample bodies as sent on the wire, by API operation name. */
  responses?: Record<string, unknown>
  /** ID token claims and UserInfo, for OpenID Connect specs. */
  claims?: Record<string, unknown>
  userinfo?: Record<string, unknown>
  /** The token response the profile may read (VK `email`); scopes default to the spec's defaults. */
  tokenResponse?: Record<string, unknown>
  scopes?: string[]
  profile: Omit<NormalizedProfile, 'raw'>
}

const catalogue = await loadCatalogue()
const fixturePath = (id: string) => fileURLToPath(new URL(`fixtures/${id}.json`, import.meta.url))

/** The operation's value in a documented wire body: inside `api.unwrap` when the spec has one. */
function operationValue({ spec }: CatalogueEntry, body: unknown): unknown {
  const key = spec.api?.unwrap
  return key === undefined ? body : (body as Record<string, unknown>)[key]
}

/** The profile context the client would build, answering only from the fixture. */
function contextOf(entry: CatalogueEntry, fixture: Fixture): ProfileContext {
  const { spec } = entry
  const responses = fixture.responses ?? {}
  const api = Object.fromEntries(
    Object.entries(spec.api?.operations ?? {}).map(([name, op]) => [
      name,
      async () => {
        if (!(name in responses)) throw new Error(`the profile calls ${name}, which the fixture lacks`)
        const parsed = op.response.safeParse(operationValue(entry, responses[name]))
        if (!parsed.success) throw new Error(`${name}: ${JSON.stringify(parsed.error.issues)}`)
        return parsed.data
      },
    ]),
  )
  return {
    tokens: {
      accessToken: 'fixture-token',
      scopes: fixture.scopes ?? spec.scopes.defaults,
      raw: fixture.tokenResponse ?? {},
    },
    claims: fixture.claims,
    userinfo: async () => {
      if (!fixture.userinfo) throw new Error('the profile reads UserInfo, which the fixture lacks')
      return fixture.userinfo
    },
    api: api as ProfileContext['api'],
  }
}

describe('every spec parses its documented sample responses', () => {
  it.each(catalogue)('$id', async (entry) => {
    const path = fixturePath(entry.id)
    expect(existsSync(path), `providers/${entry.id}.ts needs test/providers/fixtures/${entry.id}.json`).toBe(
      true,
    )
    const fixture = JSON.parse(readFileSync(path, 'utf8')) as Fixture
    expect(fixture.source).toMatch(/^https:\/\//)
    for (const [name, body] of Object.entries(fixture.responses ?? {})) {
      const op = entry.spec.api?.operations[name]
      expect(op, `${name} is not an API operation of ${entry.id}`).toBeDefined()
      const parsed = op!.response.safeParse(operationValue(entry, body))
      expect(parsed.success ? [] : parsed.error.issues, name).toEqual([])
    }
    const { raw: _raw, ...profile } = await entry.spec.profile(contextOf(entry, fixture))
    expect(profile).toEqual(fixture.profile)
  })
})
