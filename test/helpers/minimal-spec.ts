import { defineProvider } from '../../runtime/provider/define-provider.js'
import type { ProviderSpec } from '../../runtime/provider/spec-types.js'

/**
 * The smallest valid OAuth 2.0 spec (one `read` scope, client_secret_post, a fixed profile) with
 * the fields a test is about laid over it (`docs` merged); `base` names the host its URLs use.
 */
export function minimalSpec(
  overrides: Partial<ProviderSpec> = {},
  base = 'https://quirky.example',
): ProviderSpec {
  const docs = `${base}/docs`
  return defineProvider({
    id: 'quirky',
    displayName: 'Quirky',
    protocol: 'oauth2',
    endpoints: { authorization: `${base}/authorize`, token: `${base}/token` },
    scopes: {
      supported: { read: { description: 'Read' } },
      defaults: ['read'],
      requestDelimiter: ' ',
      responseDelimiter: ' ',
    },
    clientAuth: 'client_secret_post',
    pkce: 'supported',
    profile: async () => ({
      id: '1',
      name: null,
      email: null,
      emailVerified: false,
      avatarUrl: null,
      raw: {},
    }),
    ...overrides,
    docs: { endpoints: docs, scopes: docs, clientAuth: docs, pkce: docs, ...overrides.docs },
  } as ProviderSpec)
}
