import type { ProviderClientConfig } from './client-types.js'
import { buildLoginClient, type GenericLoginClient } from './lib/build-login-client.js'
import { fullLoginSupport } from './lib/full-support.js'
import type { ProviderLoginSpec } from './spec-types.js'

export type { GenericLoginClient } from './lib/build-login-client.js'

/**
 * The sign-in part of `createProviderClient` (every client authentication method, discovery and
 * OpenID Connect): `authorizationUrl`, `callback`, `refresh`, `revoke` and `restore`, without
 * `profile` and `api`. Generated `<provider>Login` factories of specs that sign client assertions
 * call it.
 *
 * @example
 * const c = createLoginClient<ExampleLoginClient>(loginSpec, { clientId, redirectUri, keys })
 * const { url, session } = await c.authorizationUrl()
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function createLoginClient<C = GenericLoginClient>(
  spec: ProviderLoginSpec,
  config: ProviderClientConfig & { issuer?: string },
): C {
  return buildLoginClient(spec, config, fullLoginSupport).client as C
}
