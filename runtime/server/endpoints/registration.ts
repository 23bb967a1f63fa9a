import { constantTimeEqual, randomToken } from '../../lib/random.js'
import { sealClientSecret } from '../../storage/key-vault.js'
import type { ClientRecord } from '../../storage/store.js'
import { asServerError, serverError } from '../errors.js'
import { bearerError } from '../lib/bearer.js'
import { CLIENT_JSON_LIMITS, isJsonObject, parseBoundedJson } from '../lib/bounded-json.js'
import { credentialKind, metadataOf, validateClientMetadata } from '../lib/client-metadata.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { emptyResponse, jsonResponse } from '../lib/responses.js'
import { hashSecret } from '../lib/tokens.js'
import type { ServerContext } from '../types.js'

const TOKEN68 = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i

/**
 * Dynamic client registration (RFC 7591): validates the metadata, stores the client with its
 * secret and registration access token hashed, and answers 201 with the credentials (shown once).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 */
export async function registrationEndpoint(
  server: ServerContext,
  request: CoreRequest,
): Promise<CoreResponse> {
  try {
    const policy = server.registration
    if (!policy) return jsonResponse({ error: 'not_found' }, { status: 404 })
    if (request.method !== 'POST') {
      throw serverError('invalid_request', 'use POST', { status: 405, headers: { allow: 'POST' } })
    }
    if (!policy.open) {
      const token = bearerOf(request)
      if (token === undefined || !(await policy.initialAccessToken?.(token))) {
        throw bearerError(server.realm, 'invalid_token', 'a valid initial access token is required')
      }
    }
    const metadata = validateClientMetadata(server, await readJson(server, request))
    const clientId = randomToken(16)
    const kind = credentialKind(metadata.tokenEndpointAuthMethod)
    // A sealed secret is an HMAC key: 48 random bytes give 64 characters, enough for HS512 (RFC 7518 §3.2).
    const secret = kind === 'hashed' ? randomToken(32) : kind === 'sealed' ? randomToken(48) : undefined
    const registrationToken = randomToken(32)
    const client: ClientRecord = {
      ...metadata,
      clientId,
      clientSecretHash: secret === undefined || kind !== 'hashed' ? undefined : await hashSecret(secret),
      clientSecretSealed:
        secret === undefined || kind !== 'sealed' || !server.clientSecretKek
          ? undefined
          : await sealClientSecret(secret, server.clientSecretKek, clientId),
      registrationAccessTokenHash: await hashSecret(registrationToken),
      clientIdIssuedAt: server.now(),
    }
    await server.store.saveClient(client)
    const body: Record<string, unknown> = {
      ...metadataOf(client),
      registration_access_token: registrationToken,
      registration_client_uri: clientUri(server, clientId),
    }
    if (secret !== undefined) {
      body['client_secret'] = secret
      body['client_secret_expires_at'] = 0
    }
    return jsonResponse(body, { status: 201 })
  } catch (err) {
    return asServerError(err).render()
  }
}

/**
 * Client configuration endpoint (RFC 7592): GET reads, PUT replaces, DELETE removes a client,
 * each with its registration access token. Unknown clients and wrong tokens get the same 401.
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2
 */
export async function clientConfigurationEndpoint(
  server: ServerContext,
  request: CoreRequest,
  clientId: string,
): Promise<CoreResponse> {
  try {
    if (!server.registration) return jsonResponse({ error: 'not_found' }, { status: 404 })
    const denied = () =>
      bearerError(server.realm, 'invalid_token', 'the registration access token is invalid')
    const token = bearerOf(request)
    const client = await server.store.getClient(clientId)
    const presented = await hashSecret(token ?? '')
    const ok = constantTimeEqual(presented, client?.registrationAccessTokenHash ?? '')
    if (!client?.registrationAccessTokenHash || token === undefined || !ok) throw denied()
    switch (request.method) {
      case 'GET':
        return jsonResponse({ ...metadataOf(client), registration_client_uri: clientUri(server, clientId) })
      case 'PUT': {
        const input = await readJson(server, request)
        if (input.client_id !== clientId) throw serverError('invalid_client_metadata', 'client_id must match')
        const metadata = validateClientMetadata(server, input)
        if (
          credentialKind(metadata.tokenEndpointAuthMethod) !== credentialKind(client.tokenEndpointAuthMethod)
        ) {
          throw serverError(
            'invalid_client_metadata',
            'token_endpoint_auth_method cannot change between secret and no secret, or to or from client_secret_jwt',
          )
        }
        const updated: ClientRecord = { ...client, ...metadata }
        await server.store.saveClient(updated)
        return jsonResponse({ ...metadataOf(updated), registration_client_uri: clientUri(server, clientId) })
      }
      case 'DELETE':
        await server.store.deleteClient(clientId)
        return emptyResponse(204)
      default:
        throw serverError('invalid_request', 'use GET, PUT or DELETE', {
          status: 405,
          headers: { allow: 'GET, PUT, DELETE' },
        })
    }
  } catch (err) {
    return asServerError(err).render()
  }
}

function clientUri(server: ServerContext, clientId: string): string {
  return `${server.endpoints.registration}/${encodeURIComponent(clientId)}`
}

function bearerOf(request: CoreRequest): string | undefined {
  return TOKEN68.exec(request.headers.get('authorization') ?? '')?.[1]
}

async function readJson(server: ServerContext, request: CoreRequest): Promise<Record<string, unknown>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json')
    throw serverError('invalid_client_metadata', 'the body must be application/json')
  const text = await request.text(server.maxBodyBytes)
  let value: unknown
  try {
    // Bounded before the schema sees it: a value nested thousands deep passes `z.unknown()` and
    // then overflows the stack wherever the client is saved or its keys imported.
    value = parseBoundedJson(text, { ...CLIENT_JSON_LIMITS, maxBytes: server.maxBodyBytes })
  } catch (err) {
    throw serverError('invalid_client_metadata', `the body is ${(err as SyntaxError).message}`)
  }
  if (!isJsonObject(value)) throw serverError('invalid_client_metadata', 'the body must be a JSON object')
  return value
}
