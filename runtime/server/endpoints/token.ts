import type { ClientRecord } from '../../storage/store.js'
import { authenticateClient } from '../client-auth.js'
import { asServerError, serverError } from '../errors.js'
import type { CoreRequest, CoreResponse } from '../lib/core-http.js'
import { type Params, readForm } from '../lib/params.js'
import { jsonResponse } from '../lib/responses.js'
import type { GrantExtension, ServerContext, TokenRequestContext } from '../types.js'

/**
 * The token endpoint: POST form bodies only, repeated parameters refused, client authenticated,
 * grant chosen by `grant_type`, responses with `Cache-Control: no-store`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function tokenEndpoint(server: ServerContext, request: CoreRequest): Promise<CoreResponse> {
  let clientId: string | undefined
  let grantType: string | undefined
  try {
    const params = await readForm(request, server.maxBodyBytes)
    grantType = params.get('grant_type')
    const client = await authenticateClient(server, request, params)
    clientId = client.clientId
    if (grantType === undefined) throw serverError('invalid_request', 'grant_type is required')
    const registered = server.tokenGrants.get(grantType)
    if (!registered?.grant.handleTokenRequest) {
      throw serverError('unsupported_grant_type', 'this grant_type is not supported')
    }
    if (!client.grantTypes.includes(grantType)) {
      throw serverError('unauthorized_client', 'the client may not use this grant_type')
    }
    const ctx = new TokenRequest(server, request, params, client, registered.extensions)
    return jsonResponse(await registered.grant.handleTokenRequest(ctx))
  } catch (err) {
    const error = asServerError(err)
    server.emit({ type: 'grant_failed', clientId, grantType, error: error.error })
    return error.render()
  }
}

/**
 * The context handed to a grant. A class so that `request`, a Web `Request` built only for grants
 * that read it (the built-in ones use `params`), is a prototype getter, not a per-request accessor.
 */
class TokenRequest implements TokenRequestContext {
  constructor(
    readonly server: ServerContext,
    readonly core: CoreRequest,
    readonly params: Params,
    readonly client: ClientRecord,
    readonly extensions: readonly GrantExtension[],
  ) {}

  get request(): Request {
    return this.core.toRequest()
  }
}
