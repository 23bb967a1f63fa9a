import { describe, expect, it } from 'vitest'
import * as oauth2 from '../../runtime/oauth2/index.js'

const exported = oauth2 as unknown as Record<string, unknown>

describe('runtime/oauth2 entry point', () => {
  it.each([
    'buildAuthorizationUrl',
    'validateCallback',
    'applyClientAuth',
    'tokenRequest',
    'authorizationCodeGrant',
    'refreshTokenGrant',
    'clientCredentialsGrant',
    'passwordGrant',
    'extensionGrant',
    'requestDeviceAuthorization',
    'pollDeviceToken',
    'revokeToken',
    'introspectToken',
    'discover',
    'wellKnownUrl',
    'createMetadataCache',
    'MetadataCache',
    'createPkce',
    'generateCodeVerifier',
    'computeCodeChallenge',
    'createTokenSet',
    'TokenSet',
    'createAuthenticatedFetch',
    'discoverAuthorization',
    'fetchProtectedResourceMetadata',
    'protectedResourceMetadataUrl',
    'parseResourceChallenge',
    'registerClient',
    'createMemoryCredentialStore',
    'createResourceAuthorizer',
  ])('exports %s', (name) => {
    expect(typeof exported[name]).toBe('function')
  })

  it('exports the zod schemas', () => {
    for (const name of [
      'TokenResponseSchema',
      'ServerMetadataSchema',
      'IntrospectionResponseSchema',
      'DeviceAuthorizationResponseSchema',
      'ProtectedResourceMetadataSchema',
      'ClientRegistrationSchema',
    ]) {
      expect(typeof (exported[name] as { safeParse?: unknown } | undefined)?.safeParse).toBe('function')
    }
  })

  it('does not leak internals', () => {
    for (const name of [
      'postForm',
      'resolveEndpoint',
      'mergeParams',
      'singleFlight',
      'obtainClient',
      'clientForIssuer',
      'isMissingDocument',
      'jsonRequestHeaders',
      'checkResourceUrl',
    ]) {
      expect(name in oauth2).toBe(false)
    }
  })
})
