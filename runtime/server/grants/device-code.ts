import { serverError } from '../errors.js'
import { requireDeviceStore } from '../lib/device.js'
import { redeemedAudience } from '../lib/resource-indicator.js'
import { parseScope } from '../lib/scope.js'
import { hashSecret, issueTokens } from '../lib/tokens.js'
import type { Grant } from '../types.js'

/** `grant_type` of the device authorization grant (RFC 8628 §3.4). */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

/**
 * The device authorization grant (RFC 8628). Registering it turns on the device authorization
 * endpoint; the app's verification page uses `validateUserCode` and
 * `completeDeviceAuthorization`. Polling answers `authorization_pending`, `slow_down`,
 * `expired_token` or `access_denied` until the user decides; only one poll gets the tokens.
 *
 * @example
 * server.registerGrant(deviceCodeGrant(), [openIdExtension()])
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export function deviceCodeGrant(): Grant {
  return {
    grantType: DEVICE_CODE_GRANT,
    async handleTokenRequest(ctx) {
      const { server, params, client } = ctx
      const store = requireDeviceStore(server)
      const deviceCode = params.get('device_code')
      if (deviceCode === undefined) throw serverError('invalid_request', 'device_code is required')
      const hash = await hashSecret(deviceCode)
      const invalid = () => serverError('invalid_grant', 'the device code is invalid')
      // The resources are settled before the poll, which hands an approved code out only once, so
      // a refused resource does not burn it; a code's resources never change once it is issued.
      // As with a code (RFC 8707 §2.2): narrowed to those asked for at the device authorization
      // endpoint, or chosen here when none was.
      const issued = await store.getDeviceCode(hash)
      if (issued?.clientId !== client.clientId) throw invalid()
      const { granted, audience } = redeemedAudience(server.resources, client, issued.audience, params)
      const now = server.now()
      const poll = await store.pollDeviceCode(hash, now)
      if (!poll) throw invalid()
      const { record, previousPollAt } = poll
      if (record.expiresAt <= now) throw serverError('expired_token', 'the device code has expired')
      switch (record.status) {
        case 'denied':
          throw serverError('access_denied', 'the user denied the request')
        case 'consumed':
          throw serverError('invalid_grant', 'the device code was already used')
        case 'pending':
          if (previousPollAt !== undefined && now - previousPollAt < record.interval) {
            throw serverError('slow_down', `poll at most every ${record.interval} seconds`)
          }
          throw serverError('authorization_pending', 'the user has not decided yet')
        case 'approved':
          // Every approval records a consent (completeDeviceAuthorization); one taken back since
          // (revokeConsent) voids the code.
          if (!(await server.store.getConsent(record.sub ?? '', client.clientId)))
            throw serverError('invalid_grant', 'the end-user has taken back their consent to this client')
          break
      }
      const { body, issue } = await issueTokens(server, {
        client,
        grantType: DEVICE_CODE_GRANT,
        grantId: record.grantId,
        sub: record.sub,
        scopes: parseScope(record.scope),
        issueRefreshToken:
          client.grantTypes.includes('refresh_token') && server.tokenGrants.has('refresh_token'),
        authTime: record.authTime,
        acr: record.acr,
        audience,
        refreshAudience: granted,
      })
      for (const ext of ctx.extensions) await ext.onTokenResponse?.(issue, body)
      return body
    },
  }
}
