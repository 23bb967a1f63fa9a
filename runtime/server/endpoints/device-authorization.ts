import { ArgumentError } from '../../errors.js'
import { authenticateClient } from '../client-auth.js'
import { asServerError, serverError } from '../errors.js'
import { DEVICE_CODE_GRANT } from '../grants/device-code.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { newUserCode, normalizeUserCode, requireDeviceStore } from '../lib/device.js'
import { findClient } from '../lib/find-client.js'
import { readForm } from '../lib/params.js'
import { requestedAudience } from '../lib/resource-indicator.js'
import { jsonResponse } from '../lib/responses.js'
import { assertScopesAllowed, formatScope, parseScope } from '../lib/scope.js'
import { hashSecret, newGrantId, newOpaqueToken } from '../lib/tokens.js'
import type { AuthorizationDecision, DeviceConsentRequest, ServerContext } from '../types.js'

/**
 * The device authorization endpoint (RFC 8628 §3.1-3.2): authenticates the client, checks the
 * scope and the `resource` indicators (RFC 8707, `invalid_target`) and answers with `device_code`, `user_code`, the verification URIs, `expires_in` and
 * `interval`.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export async function deviceAuthorizationEndpoint(
  server: ServerContext,
  request: CoreRequest,
): Promise<CoreResponse> {
  try {
    if (!server.tokenGrants.has(DEVICE_CODE_GRANT))
      return jsonResponse({ error: 'not_found' }, { status: 404 })
    const store = requireDeviceStore(server)
    const params = await readForm(request, server.maxBodyBytes)
    const client = await authenticateClient(server, request, params)
    if (!client.grantTypes.includes(DEVICE_CODE_GRANT)) {
      throw serverError('unauthorized_client', 'the client may not use the device flow')
    }
    const allowed = parseScope(client.scope)
    const requested = parseScope(params.get('scope'))
    const scopes = requested.length > 0 ? requested : allowed
    assertScopesAllowed(scopes, allowed, 'for this client')
    assertScopesAllowed(scopes, server.scopesSupported, 'by this server')
    // RFC 8707 §2 holds for any authorization request: the device's tokens are for these resources.
    const audience = requestedAudience(server.resources, client, params)
    const deviceCode = newOpaqueToken()
    const userCode = newUserCode()
    const { ttl, interval, verificationUri } = server.device
    await store.saveDeviceCode({
      deviceCodeHash: await hashSecret(deviceCode),
      userCodeHash: await hashSecret(normalizeUserCode(userCode)),
      clientId: client.clientId,
      scope: formatScope(scopes),
      grantId: newGrantId(),
      expiresAt: server.now() + ttl,
      interval,
      status: 'pending',
      audience,
    })
    const complete = new URL(verificationUri)
    complete.searchParams.set('user_code', userCode)
    return jsonResponse({
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verificationUri,
      verification_uri_complete: complete.href,
      expires_in: ttl,
      interval,
    })
  } catch (err) {
    return asServerError(err).render()
  }
}

/** Looks up a pending user code for the verification page; throws `invalid_grant` otherwise. */
export async function validateUserCode(
  server: ServerContext,
  userCode: string,
): Promise<DeviceConsentRequest> {
  const store = requireDeviceStore(server)
  const invalid = () => serverError('invalid_grant', 'the code is invalid or has expired')
  if (typeof userCode !== 'string' || userCode.length > 64) throw invalid()
  const record = await store.getDeviceCodeByUserCode(await hashSecret(normalizeUserCode(userCode)))
  if (record?.status !== 'pending' || record.expiresAt <= server.now()) throw invalid()
  const client = await findClient(server, record.clientId)
  if (!client) throw invalid()
  return {
    userCode,
    client: { clientId: client.clientId, clientName: client.clientName },
    scopes: parseScope(record.scope),
    resources: record.audience,
    expiresAt: record.expiresAt,
  }
}

/** Records the user's decision for a user code; the device's next poll gets tokens or `access_denied`. */
export async function completeDeviceAuthorization(
  server: ServerContext,
  userCode: string,
  decision: AuthorizationDecision,
): Promise<void> {
  const store = requireDeviceStore(server)
  const pending = await validateUserCode(server, userCode)
  const hash = await hashSecret(normalizeUserCode(userCode))
  let ok: boolean
  if (!decision.approved) {
    ok = await store.decideDeviceCode(hash, { status: 'denied' })
  } else {
    const user = decision.user
    if (!user || typeof user.sub !== 'string' || user.sub === '') {
      throw new ArgumentError('"decision.user.sub" is required when the request is approved')
    }
    const scopes = decision.scopes ? [...decision.scopes] : pending.scopes
    if (scopes.some((s) => !pending.scopes.includes(s))) {
      throw new ArgumentError('"decision.scopes" may only narrow the requested scopes')
    }
    // An approval is a consent like one at /authorize: an account page lists it and can take it
    // back. It is on record before the approval, since the device's poll asks for it.
    await server.store.saveConsent({
      sub: user.sub,
      clientId: pending.client.clientId,
      scope: formatScope(scopes),
      grantedAt: server.now(),
    })
    ok = await store.decideDeviceCode(hash, {
      status: 'approved',
      sub: user.sub,
      authTime: user.authTime,
      acr: user.acr,
      scope: formatScope(scopes),
    })
  }
  if (!ok) throw serverError('invalid_grant', 'the code is invalid or has expired')
}
