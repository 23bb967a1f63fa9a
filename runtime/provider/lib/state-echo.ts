import { checkFailed } from '../../errors.js'
import type { TokenResponse } from '../../oauth2/types.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/**
 * For providers whose token endpoint repeats the request's `state` (VK ID, spec
 * `tokenResponse.echoesState`): a different `state` means the answer belongs to another request,
 * so it is refused with `STATE_MISMATCH`. An answer without `state` is accepted.
 *
 * @example
 * checkStateEcho(spec, body, parsed)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function checkStateEcho(
  spec: ProviderLoginSpec,
  request: URLSearchParams,
  response: TokenResponse,
): void {
  if (!spec.tokenResponse?.echoesState) return
  const sent = request.get('state')
  const echoed = (response as Record<string, unknown>)['state']
  if (echoed === undefined || sent === null || echoed === sent) return
  throw checkFailed(
    'STATE_MISMATCH',
    `${spec.displayName}: the token response carries state ${JSON.stringify(echoed)}, not the one sent`,
    'state',
  )
}
