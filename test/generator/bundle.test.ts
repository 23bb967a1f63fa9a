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
      expect(has(new RegExp(`providers/${file}\\.ts$`))).toBe(true)
    },
    30_000,
  )
})
