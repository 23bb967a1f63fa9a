import { describe, expect, it } from 'vitest'
import * as generated from '../../generated/grants/index.js'
import { type GrantName, grantMetadataFor } from '../../generated/grants/index.js'
import { pascalCase } from '../../generator/emit.js'
import { registerDefinedGrants } from '../../runtime/server/grant-definition/register.js'
import type { DefinedGrant } from '../../runtime/server/grant-definition/types.js'
import { createAuthorizationServer } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { testKeys } from '../server/fixtures.js'

/** Hooks that are never called: the metadata only depends on what is registered. */
const idle = new Proxy({}, { get: () => async () => undefined })

function defined(name: GrantName): DefinedGrant {
  const factory = (generated as unknown as Record<string, (hooks: object) => DefinedGrant>)[
    `create${pascalCase(name)}Grant`
  ]!
  return factory(idle)
}

async function metadataOf(names: readonly GrantName[], kek: boolean) {
  const server = createAuthorizationServer({
    issuer: 'https://id.example',
    store: new MemoryStore(),
    keys: await testKeys(),
    defaultGrants: false,
    scopesSupported: ['openid', 'api'],
    ...(kek ? { clientSecretKek: new Uint8Array(32).fill(7) } : {}),
  })
  const md = registerDefinedGrants(
    server,
    names.map((n) => defined(n)),
  )
  return { served: server.metadata(), md }
}

const sorted = (v: unknown) => [...(v as string[])].sort()

const CASES: [GrantName[], string[], string[], string[]][] = [
  [
    ['client_credentials', 'jwt_bearer'],
    ['client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
    [],
    ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
  ],
  [
    ['authorization_code', 'refresh_token'],
    ['authorization_code', 'refresh_token'],
    ['code'],
    ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'],
  ],
  [['implicit'], ['implicit'], ['token'], []],
  [
    ['implicit', 'password'],
    ['password', 'implicit'],
    ['token'],
    ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
  ],
  [
    ['device_code', 'token_exchange'],
    ['urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    [],
    ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'],
  ],
]

describe('the metadata document lists exactly what the registered definitions imply', () => {
  it.each(CASES)('%j', async (names, grantTypes, responseTypes, methods) => {
    for (const kek of [true, false]) {
      const { served, md } = await metadataOf(names, kek)
      // Generated from the definitions, never hand-written: the same as grantMetadataFor.
      expect(md).toEqual(grantMetadataFor(names))
      expect(md.grant_types_supported).toEqual(grantTypes)
      expect(md.response_types_supported).toEqual(responseTypes)
      expect(sorted(md.token_endpoint_auth_methods_supported)).toEqual(sorted(methods))
      expect(served['grant_types_supported']).toEqual(md.grant_types_supported)
      expect(served['response_types_supported']).toEqual(md.response_types_supported)
      // client_secret_jwt is offered only when the server can open client secrets.
      const verifiable = kek ? methods : methods.filter((m) => m !== 'client_secret_jwt')
      expect(sorted(served['token_endpoint_auth_methods_supported'])).toEqual(sorted(verifiable))
    }
  })

  it('a hand-written grant without declared methods keeps every method the server verifies', async () => {
    const server = createAuthorizationServer({
      issuer: 'https://id.example',
      store: new MemoryStore(),
      keys: await testKeys(),
      defaultGrants: false,
    })
    registerDefinedGrants(server, [defined('client_credentials')])
    expect(server.metadata()['token_endpoint_auth_methods_supported']).not.toContain('none')
    server.registerGrant({ grantType: 'urn:example:mine', handleTokenRequest: async () => ({}) as never })
    expect(server.metadata()['token_endpoint_auth_methods_supported']).toContain('none')
  })

  it('a client authentication method outside the definition is refused at the token endpoint', async () => {
    const store = new MemoryStore()
    const server = createAuthorizationServer({
      issuer: 'https://id.example',
      store,
      keys: await testKeys(),
      defaultGrants: false,
    })
    registerDefinedGrants(server, [defined('client_credentials')])
    await store.saveClient({
      clientId: 'public',
      tokenEndpointAuthMethod: 'none',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      responseTypes: [],
      scope: 'api',
    })
    const res = await server.tokenEndpoint(
      new Request('https://id.example/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'public' }),
      }),
    )
    expect(await res.json()).toMatchObject({ error: 'unauthorized_client' })
  })
})
