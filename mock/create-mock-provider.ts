import { bindHosts } from '../runtime/provider/lib/bind-hosts.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'
import { createOAuth1Mock } from './oauth1-mock.js'
import { createOAuth2Mock } from './oauth2-mock.js'
import type { MockProvider, MockProviderOptions } from './types.js'

export { DEFAULT_MOCK_CONSUMER } from './oauth1-mock.js'
export type { MockEndpointOverrides, MockProvider, MockProviderOptions } from './types.js'

/**
 * Starts a local mock of a provider, driven by its spec, quirks included. OAuth 2.0 and OpenID
 * Connect: the authorization endpoint approves at once and redirects with `code`, `state`, echoed
 * parameters and `iss`; the token endpoint answers form-encoded or JSON as the spec says, with
 * errors under HTTP 200 when the provider does that, granted scopes joined with the provider's
 * delimiter, the spec's extra token fields, required PKCE enforced and ID tokens signed. OAuth
 * 1.0a (`protocol: 'oauth1'`): temporary credentials, authorization, token credentials, every
 * request's signature verified. API operations answer data valid under their zod schemas,
 * wrapped and authenticated the provider's way. It answers at the spec's own paths as well as its
 * fixed ones, and as the host a `hostMap` client names in `Forwarded`, so `mock.hostMap` makes it
 * every host of the spec at once. Node only (node:http), on 127.0.0.1.
 *
 * @example
 * const mock = await createMockProvider(githubSpec)
 * const client = github({ clientId: 'id', clientSecret: 's', redirectUri, hostMap: mock.hostMap })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
export async function createMockProvider(
  spec: ProviderSpec,
  options: MockProviderOptions = {},
): Promise<MockProvider> {
  // A customer's hosts (`hosts`): the mock answers as the given ones, else as each one's example.
  const hosts = Object.fromEntries(
    Object.entries(spec.hosts ?? {}).map(([name, host]) => [name, options.hosts?.[name] ?? host.example]),
  )
  const bound = bindHosts(spec, hosts)
  const mock = await (bound.protocol === 'oauth1'
    ? createOAuth1Mock(bound, options)
    : createOAuth2Mock(bound, options))
  return { ...mock, hosts }
}
