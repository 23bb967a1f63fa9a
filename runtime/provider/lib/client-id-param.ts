import type { ProviderLoginSpec } from '../spec-types.js'

/**
 * Moves `client_id` to the spec's `clientIdParam` (TikTok calls it `client_key`) in the parameters
 * of a request about to be sent: the authorization URL's query and the token and revocation
 * bodies, after client authentication has put it there. A spec without the field keeps them as is.
 *
 * @example
 * renameClientId({ clientIdParam: 'client_key' }, params) // client_id=a → client_key=a
 * @see https://developers.tiktok.com/doc/oauth-user-access-token-management
 */
export function renameClientId(
  spec: Pick<ProviderLoginSpec, 'clientIdParam'>,
  params: URLSearchParams,
): void {
  const name = spec.clientIdParam
  const value = params.get('client_id')
  if (!name || value === null) return
  params.delete('client_id')
  params.set(name, value)
}
