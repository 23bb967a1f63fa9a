import { ArgumentError } from '../../errors.js'
import type { ClientRecord, TokenRecord } from '../../storage/store.js'
import type { ServerContext } from '../types.js'

/** What the `introspection.policy` hook is asked about. */
export interface IntrospectionPolicyInput {
  /** The authenticated client asking (RFC 7662 §2.1). */
  client: ClientRecord
  /** The stored token it asks about, active or not. */
  token: TokenRecord
  /**
   * Who the token is for: for an access token `accessTokenAudience` and every
   * `introspection.resourceServers` id; for a refresh token nobody, since only this server
   * consumes it.
   */
  audience: readonly string[]
  /** The default answer: the token was issued to `client`, or `client.clientId` is in `audience`. */
  allowed: boolean
}

/**
 * Who may introspect which token. By default a client learns about a token only if the token
 * was issued to it, or if it is a resource server the token is meant for: its client id is
 * `accessTokenAudience` or is listed in `resourceServers`. Any other caller gets
 * `{ "active": false }`, byte for byte the answer for a token that does not exist, so an
 * anonymously registered client learns nothing about other clients' tokens.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-4
 */
export interface IntrospectionOptions {
  /** Client ids of the resource servers this server's access tokens are for: each may introspect every access token. */
  resourceServers?: readonly string[] | undefined
  /**
   * Decides instead of the default, which it gets as `allowed`: return `allowed` to keep it, or
   * widen or narrow it (e.g. by the token's scope or the caller's metadata). Only `true` allows;
   * a hook that throws fails the request with `server_error`, as an application bug should.
   *
   * @example
   * introspection: { policy: ({ client, token, allowed }) => allowed || (client.clientId === 'audit' && token.kind === 'access_token') }
   */
  policy?: ((input: IntrospectionPolicyInput) => boolean | Promise<boolean>) | undefined
}

/** The introspection rule as the server keeps it. */
export interface IntrospectionRule {
  resourceServers: readonly string[]
  policy: IntrospectionOptions['policy']
}

/** Validates the `introspection` option. */
export function introspectionRule(options: IntrospectionOptions | undefined): IntrospectionRule {
  const resourceServers = options?.resourceServers ?? []
  if (!Array.isArray(resourceServers) || resourceServers.some((id) => typeof id !== 'string' || id === '')) {
    throw new ArgumentError('"introspection.resourceServers" must be an array of client ids')
  }
  const policy = options?.policy
  if (policy !== undefined && typeof policy !== 'function') {
    throw new ArgumentError('"introspection.policy" must be a function')
  }
  return { resourceServers: [...resourceServers], policy }
}

/**
 * Whether `client` may learn about `token` at the introspection endpoint (see
 * `IntrospectionOptions`).
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export async function mayIntrospect(
  server: ServerContext,
  client: ClientRecord,
  token: TokenRecord,
): Promise<boolean> {
  const { resourceServers, policy } = server.introspection
  const audience = token.kind === 'access_token' ? [server.accessTokenAudience, ...resourceServers] : []
  const allowed = token.clientId === client.clientId || audience.includes(client.clientId)
  if (!policy) return allowed
  return (await policy({ client, token, audience, allowed })) === true
}
