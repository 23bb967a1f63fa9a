import type { ClientRecord, ServerClientAuthMethod } from '../storage/store.js'
import { OAuthServerError, serverError } from './errors.js'
import { verifyClientAssertion } from './lib/client-assertion.js'
import type { CoreRequest } from './lib/core-http.js'
import { findClient } from './lib/find-client.js'
import type { Params } from './lib/params.js'
import { hashesEqual, hashSecret } from './lib/tokens.js'
import type { ServerContext } from './types.js'

/** Compared against when the client is unknown, so both failures take the same time. */
const DUMMY_HASH = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

/**
 * Authenticates the client of a token, revocation or introspection request with
 * `client_secret_basic`, `client_secret_post`, `client_secret_jwt`, `private_key_jwt` or `none`.
 * Every failure (unknown client, wrong secret, bad assertion, wrong method) gives the same 401
 * `invalid_client` response; two methods in one request give `invalid_request`. Secrets are
 * compared as SHA-256 hashes in constant time; assertions are checked by `verifyClientAssertion`.
 *
 * @example
 * const client = await authenticateClient(server, request, params)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export async function authenticateClient(
  server: ServerContext,
  request: Request | CoreRequest,
  params: Params,
): Promise<ClientRecord> {
  try {
    return await authenticate(server, request, params)
  } catch (err) {
    // A refused Client ID Metadata Document (findClient) keeps its description and gets the challenge.
    if (err instanceof OAuthServerError && err.error === 'invalid_client') {
      throw invalidClient(server, err.error_description)
    }
    throw err
  }
}

async function authenticate(
  server: ServerContext,
  request: Request | CoreRequest,
  params: Params,
): Promise<ClientRecord> {
  const authorization = request.headers.get('authorization')
  const basic = authorization !== null && /^basic /i.test(authorization)
  const post = params.has('client_secret')
  const assertion = params.has('client_assertion') || params.has('client_assertion_type')
  if ([basic, post, assertion].filter(Boolean).length > 1) {
    throw serverError('invalid_request', 'more than one client authentication method was used')
  }
  if (authorization !== null && !basic) throw invalidClient(server)
  if (assertion) {
    const client = await verifyClientAssertion(server, request.url, params)
    if (!client) throw invalidClient(server)
    server.emit({
      type: 'client_authenticated',
      clientId: client.clientId,
      method: client.tokenEndpointAuthMethod,
    })
    return client
  }

  let method: ServerClientAuthMethod
  let clientId: string
  let secret: string | undefined
  if (basic) {
    const decoded = decodeBasic(authorization.slice(6).trim())
    if (!decoded) throw invalidClient(server)
    method = 'client_secret_basic'
    ;[clientId, secret] = decoded
    const bodyId = params.get('client_id')
    if (bodyId !== undefined && bodyId !== clientId) {
      throw serverError('invalid_request', 'client_id in the body differs from the authenticated client')
    }
  } else {
    const id = params.get('client_id')
    if (id === undefined) throw invalidClient(server)
    clientId = id
    method = post ? 'client_secret_post' : 'none'
    secret = params.get('client_secret')
  }

  const client = await findClient(server, clientId)
  if (method === 'none') {
    if (client?.tokenEndpointAuthMethod !== 'none') throw invalidClient(server)
    server.emit({ type: 'client_authenticated', clientId: client.clientId, method })
    return client
  }
  const presented = await hashSecret(secret ?? '')
  const expected = client?.clientSecretHash ?? DUMMY_HASH
  const secretOk = hashesEqual(presented, expected)
  if (!client?.clientSecretHash || !secretOk || client.tokenEndpointAuthMethod !== method) {
    throw invalidClient(server)
  }
  server.emit({ type: 'client_authenticated', clientId: client.clientId, method })
  return client
}

/**
 * The one `invalid_client` response every authentication failure gets (RFC 6749 §5.2); only a
 * refused Client ID Metadata Document says more, since its URL and content are public.
 */
export function invalidClient(server: ServerContext, description = 'client authentication failed') {
  return serverError('invalid_client', description, {
    wwwAuthenticate: `Basic realm="${server.realm}"`,
  })
}

// Any byte above 0x7f (a binary string from atob holds one byte per character).
const NON_ASCII = /[\u0080-\u00ff]/
const FORM_ESCAPES = /[%+]/

/** Decodes `base64(form-encode(id) ":" form-encode(secret))` (RFC 6749 §2.3.1). */
function decodeBasic(value: string): [string, string] | undefined {
  let raw: string
  try {
    const bin = atob(value)
    // ASCII (the usual case) is its own UTF-8 decoding; only other bytes need the strict decoder.
    raw = !NON_ASCII.test(bin)
      ? bin
      : new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))
  } catch {
    return undefined
  }
  const colon = raw.indexOf(':')
  if (colon < 0) return undefined
  const id = formDecode(raw.slice(0, colon))
  const secret = formDecode(raw.slice(colon + 1))
  if (id === undefined || secret === undefined || id === '') return undefined
  return [id, secret]
}

function formDecode(s: string): string | undefined {
  if (!FORM_ESCAPES.test(s)) return s
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}
