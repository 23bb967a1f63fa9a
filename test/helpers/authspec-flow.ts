import { expect } from 'vitest'
import { OAuthError, type OAuthErrorCode } from '../../runtime/errors.js'
import {
  type AuthorizationTransaction,
  buildAuthorizationUrl,
} from '../../runtime/oauth2/authorization-url.js'
import {
  authorizationCodeGrant,
  type CallbackResult,
  type ClientConfig,
  type ServerMetadata,
  type TokenResponse,
  validateCallback,
} from '../../runtime/oauth2/index.js'
import { type LocalProvider, loginThroughProvider } from './oidc-provider-server.js'

export type ClientName = 'confidential' | 'privateKeyJwt' | 'public'

/** authspec's `ClientConfig` for each client registered at the local provider. */
export function clientConfig(op: LocalProvider, name: ClientName): ClientConfig {
  switch (name) {
    case 'confidential': {
      const c = op.clients.confidential
      return {
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        authMethod: c.authMethod,
        redirectUri: c.redirectUri,
      }
    }
    case 'privateKeyJwt': {
      const c = op.clients.privateKeyJwt
      return {
        clientId: c.clientId,
        authMethod: c.authMethod,
        privateKey: { key: c.privateKey, kid: c.kid, alg: c.alg },
        redirectUri: c.redirectUri,
      }
    }
    case 'public': {
      const c = op.clients.public
      return { clientId: c.clientId, authMethod: c.authMethod, redirectUri: c.redirectUri }
    }
  }
}

export interface SignedIn {
  transaction: AuthorizationTransaction
  callbackUrl: URL
  callback: CallbackResult
  tokens: TokenResponse
}

/**
 * The authorization code flow with authspec's runtime end to end: authorization URL, login and
 * consent at the provider over HTTP, callback validation (state, iss), code exchange.
 */
export async function signIn(
  op: LocalProvider,
  metadata: ServerMetadata,
  client: ClientConfig,
  scope: readonly string[] = ['openid', 'profile', 'email', 'offline_access'],
): Promise<SignedIn> {
  const { url, transaction } = await buildAuthorizationUrl({
    metadata,
    client,
    scope,
    // oidc-provider grants offline_access only with prompt=consent (OIDC Core §11).
    prompt: 'consent',
  })
  const callbackUrl = await loginThroughProvider(url, op.user)
  const callback = validateCallback(callbackUrl, transaction, { metadata })
  const tokens = await authorizationCodeGrant({ metadata, client, transaction, callback })
  return { transaction, callbackUrl, callback, tokens }
}

/** Asserts that `promise` rejects with an `OAuthError` having the given fields. */
export async function expectOAuthError(
  promise: Promise<unknown>,
  want: { code: OAuthErrorCode; error?: string; status?: number },
): Promise<OAuthError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(OAuthError)
  const oauth = err as OAuthError
  expect({ code: oauth.code, error: oauth.error, status: oauth.status }).toMatchObject(want)
  return oauth
}
