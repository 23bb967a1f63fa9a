import { ArgumentError } from '../../errors.js'
import type { ClientAuthMethod, ClientConfig } from '../types.js'

/** The parts of an outgoing request that client authentication writes to. */
export interface ClientAuthTarget {
  body: URLSearchParams
  headers: Headers
}

export interface ClientAuthContext {
  /** The endpoint being called; the default `aud` of JWT assertions. */
  endpoint: URL
  /** The server's issuer identifier, for `assertionAudience: 'issuer'`. */
  issuer?: string | undefined
  /** Clock for `iat`/`exp` of assertions, in milliseconds; default `Date.now`. */
  now?: (() => number) | undefined
}

/** What `applyClientAuth` is: callers that may leave out JWT signing take one as a parameter. */
export type ClientAuthApplier = (
  client: ClientConfig,
  target: ClientAuthTarget,
  context: ClientAuthContext,
) => Promise<void>

/** The method a client uses when it names none: basic with a secret, a private key JWT with a key. */
export function resolveAuthMethod(client: ClientConfig): ClientAuthMethod {
  if (client.authMethod) return client.authMethod
  if (client.clientSecret !== undefined) return 'client_secret_basic'
  if (client.privateKey !== undefined) return 'private_key_jwt'
  return 'none'
}

export function requireSecret(client: ClientConfig, method: ClientAuthMethod): string {
  if (client.clientSecret === undefined || client.clientSecret === '') {
    throw new ArgumentError(`"client.clientSecret" is required for ${method}`)
  }
  return client.clientSecret
}

/**
 * Applies the methods that need no signature (`client_secret_basic`, `client_secret_post`,
 * `none`) and answers whether it did. Kept apart from the JWT methods so a client that never
 * signs an assertion does not carry a JWT library.
 */
export function applySecretAuth(
  client: ClientConfig,
  target: ClientAuthTarget,
  method: ClientAuthMethod,
): boolean {
  if (!client?.clientId) throw new ArgumentError('"client.clientId" is required')
  if (method === 'client_secret_basic') {
    // RFC 6749 §2.3.1: form-encode id and secret before base64, so ':' and '%' survive.
    const credentials = `${formEncode(client.clientId)}:${formEncode(requireSecret(client, method))}`
    target.headers.set('authorization', `Basic ${btoa(credentials)}`)
  } else if (method === 'client_secret_post') {
    target.body.set('client_id', client.clientId)
    target.body.set('client_secret', requireSecret(client, method))
  } else if (method === 'none') {
    target.body.set('client_id', client.clientId)
  } else {
    return false
  }
  return true
}

/**
 * Client authentication without JWT assertions: `client_secret_basic`, `client_secret_post` and
 * `none`; a JWT method is an `ArgumentError`. What plain OAuth 2.0 provider clients use.
 */
export const applySecretClientAuth: ClientAuthApplier = async (client, target) => {
  const method = resolveAuthMethod(client)
  if (!applySecretAuth(client, target, method)) {
    throw new ArgumentError(`"client.authMethod" ${method} needs JWT signing, which this client leaves out`)
  }
}

/** application/x-www-form-urlencoded serialisation of one value (space becomes '+'). */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1)
}
