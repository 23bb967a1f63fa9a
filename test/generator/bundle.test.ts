import { describe, expect, it } from 'vitest'
import { bundleClient } from '../../bench/generate/bundle-client.js'

/** The source files (and packages) esbuild keeps in a minified, tree-shaken bundle of `contents`. */
async function bundledInputs(contents: string): Promise<string[]> {
  const { metafile } = await bundleClient(contents)
  return Object.values(metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k),
  )
}

const client = (factory: string, file: string) =>
  `import { ${factory} } from './generated/providers/${file}.js'\nexport const c = ${factory}({ clientId: 'x', redirectUri: 'https://app.example/cb' })`

/**
 * What a user's bundle of one generated client carries: a plain OAuth 2.0 provider leaves out ID
 * token validation and the JWT library; an OpenID Connect provider keeps them. Neither carries
 * classic zod or the spec validator, which only the generator needs.
 */
describe('bundles of generated clients', () => {
  it.each([
    { file: 'github', factory: 'github', oidc: false },
    { file: 'discord', factory: 'discord', oidc: false },
    { file: 'google', factory: 'google', oidc: true },
  ])(
    '$file: OIDC and jose bundled: $oidc',
    async ({ file, factory, oidc }) => {
      const inputs = await bundledInputs(client(factory, file))
      const has = (re: RegExp) => inputs.some((i) => re.test(i))
      expect(has(/runtime\/oidc\/validate-id-token\.ts$/)).toBe(oidc)
      // Discovery and UserInfo come with the OpenID Connect support modules only.
      expect(has(/runtime\/oauth2\/metadata-cache\.ts$/)).toBe(oidc)
      expect(has(/runtime\/oidc\/userinfo\.ts$/)).toBe(oidc)
      // runtime/lib/random.ts takes jose's base64url codec; nothing else of jose may come along.
      expect(has(/node_modules\/jose\/(?!.*\/(base64url|buffer_utils)\.js$)/)).toBe(oidc)
      expect(has(/node_modules\/jose\/.*\/jws\/.*verify\.js$/)).toBe(oidc)
      // Secret-based client authentication only: JWT assertion signing stays out of both.
      expect(has(/runtime\/oauth2\/client-auth\.ts$/)).toBe(false)
      expect(has(/node_modules\/jose\/.*\/jws\/.*sign\.js$/)).toBe(false)
      expect(has(/node_modules\/zod\/v4\/classic\//)).toBe(false)
      expect(has(/node_modules\/zod\/v4\/locales\//)).toBe(false)
      expect(has(/runtime\/provider\/(spec-schema|validate-spec)\.ts$/)).toBe(false)
      expect(has(/runtime\/provider\/mock\//)).toBe(false)
      expect(has(new RegExp(`^providers/${file}\\.ts$`))).toBe(true)
    },
    30_000,
  )
})

/**
 * What an app that only signs users in bundles with `<provider>Login` (what arctic's classes offer:
 * authorization URL with state and PKCE, code exchange, refresh, revocation): the generated data,
 * not the spec module, so no documentation, API operations, response schemas, profile mapping or
 * UserInfo. Token responses are still zod-checked, and an OpenID Connect provider still validates
 * its ID tokens.
 */
describe('bundles of sign-in-only clients', () => {
  it.each([
    { file: 'github', factory: 'githubLogin', oidc: false },
    { file: 'discord', factory: 'discordLogin', oidc: false },
    { file: 'google', factory: 'googleLogin', oidc: true },
  ])(
    '$factory: no spec module, API or profile code; OIDC bundled: $oidc',
    async ({ file, factory, oidc }) => {
      const inputs = await bundledInputs(client(factory, file))
      const has = (re: RegExp) => inputs.some((i) => re.test(i))
      expect(has(new RegExp(`generated/providers/${file}\\.ts$`))).toBe(true)
      expect(has(new RegExp(`^providers/${file}\\.ts$`))).toBe(false)
      expect(has(/runtime\/provider\/lib\/(profile-and-api|call-api)\.ts$/)).toBe(false)
      expect(has(/runtime\/oidc\/userinfo\.ts$/)).toBe(false)
      expect(has(/runtime\/provider\/lib\/login-methods\.ts$/)).toBe(true)
      expect(has(/runtime\/oauth2\/metadata-cache\.ts$/)).toBe(oidc)
      expect(has(/runtime\/oauth2\/lib\/token-response-schema\.ts$/)).toBe(true)
      expect(has(/node_modules\/zod\/v4\/core\/schemas\.js$/)).toBe(true)
      expect(has(/runtime\/oidc\/validate-id-token\.ts$/)).toBe(oidc)
      expect(has(/node_modules\/jose\/.*\/jws\/.*verify\.js$/)).toBe(oidc)
    },
    30_000,
  )

  it('the full client of the same provider does carry them (the assertions above can fail)', async () => {
    const inputs = await bundledInputs(client('github', 'github'))
    expect(inputs.some((i) => /^providers\/github\.ts$/.test(i))).toBe(true)
    expect(inputs.some((i) => /runtime\/provider\/lib\/call-api\.ts$/.test(i))).toBe(true)
  })
})
