import { ArgumentError } from '../../errors.js'
import { serverError } from '../errors.js'
import { createIdToken } from '../lib/id-token.js'
import { issueTokens, newGrantId } from '../lib/tokens.js'
import type { Grant } from '../types.js'
import { authorizationCodeGrant } from './authorization-code.js'

/** Response types that return a code together with tokens (OIDC Core §3.3). */
export type HybridResponseType = 'code id_token' | 'code token' | 'code id_token token'

/** Response types that return tokens only, from the authorization endpoint (OIDC Core §3.2). */
export type ImplicitResponseType = 'id_token' | 'id_token token' | 'token'

const HYBRID: readonly string[] = ['code id_token', 'code token', 'code id_token token']
const IMPLICIT: readonly string[] = ['id_token', 'id_token token', 'token']

/**
 * The OIDC hybrid flow for one response type: the authorization response carries a code and an ID
 * token (with `c_hash`, and `at_hash` when an access token comes too) and/or an access token,
 * in the fragment by default. The code is then exchanged at the token endpoint by the
 * authorization code grant, so register it (with PKCE) as well; tokens issued here share the
 * code's grant, so a replayed code revokes them too. `nonce` is required.
 *
 * @example
 * server.registerGrant(hybridGrant('code id_token'), [pkceExtension(), openIdExtension()])
 * @see https://openid.net/specs/openid-connect-core-1_0.html#HybridFlowAuth
 */
export function hybridGrant(responseType: HybridResponseType): Grant {
  if (!HYBRID.includes(responseType))
    throw new ArgumentError(`"responseType" must be one of: ${HYBRID.join(', ')}`)
  return frontChannelGrant(responseType)
}

/**
 * The implicit flow for one response type (`id_token`, `id_token token`, or plain OAuth `token`).
 * Off by default and discouraged: tokens in the front channel can leak and cannot be
 * sender-constrained, so RFC 9700 §2.1.2 says clients SHOULD NOT use it; prefer the code flow
 * with PKCE. `nonce` is required when an ID token can result (openid scope). Only for clients whose `responseTypes` list it.
 *
 * @example
 * server.registerGrant(implicitGrant('id_token'), [openIdExtension()])
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.2
 */
export function implicitGrant(responseType: ImplicitResponseType): Grant {
  if (!IMPLICIT.includes(responseType))
    throw new ArgumentError(`"responseType" must be one of: ${IMPLICIT.join(', ')}`)
  return frontChannelGrant(responseType)
}

function frontChannelGrant(responseType: string): Grant {
  const values = responseType.split(' ')
  const withCode = values.includes('code')
  const withIdToken = values.includes('id_token')
  const withToken = values.includes('token')
  const code = authorizationCodeGrant()
  return {
    responseType,

    async validateAuthorizationRequest(ctx) {
      if (withIdToken && !ctx.scopes.includes('openid')) {
        throw serverError('invalid_request', 'response_type with id_token needs the openid scope')
      }
      // The nonce binds the front-channel ID token to the client's session (OIDC Core §3.2.2.1,
      // §3.3.2.11); a plain OAuth `token` request (no openid scope) has no ID token to bind.
      if ((withIdToken || ctx.scopes.includes('openid')) && !ctx.params.has('nonce'))
        throw serverError('invalid_request', 'nonce is required for this response_type')
      if (withIdToken && !ctx.server.keys) {
        throw serverError('unsupported_response_type', 'this server cannot sign ID tokens')
      }
      await code.validateAuthorizationRequest?.(ctx)
    },

    async createAuthorizationResponse(ctx, user) {
      const { server } = ctx
      const grantId = newGrantId()
      const out: Record<string, string> = {}
      if (withCode) {
        const created = await code.createAuthorizationResponse?.(
          { ...ctx, code: { ...ctx.code, grantId } },
          user,
        )
        if (created?.['code']) out['code'] = created['code']
      }
      const common = {
        client: ctx.client,
        grantType: 'implicit',
        grantId,
        sub: user.sub,
        scopes: ctx.scopes,
        authTime: user.authTime,
        acr: user.acr,
        nonce: ctx.params.get('nonce'),
        claims: ctx.code.claims,
        audience: ctx.code.audience,
      }
      let accessToken: string | undefined
      if (withToken) {
        const { body } = await issueTokens(server, { ...common, issueRefreshToken: false })
        accessToken = body.access_token
        out['access_token'] = body.access_token
        out['token_type'] = body.token_type
        out['expires_in'] = String(body.expires_in)
        if (body.scope !== undefined) out['scope'] = body.scope
      }
      if (withIdToken) {
        // s_hash lets the client check that `state` was not swapped in the front channel (FAPI 1.0 Advanced §5.2.2.1).
        const state = server.idTokenStateHash ? ctx.state : undefined
        out['id_token'] = await createIdToken(
          { ...common, server, accessToken },
          { code: out['code'], state },
        )
      }
      return out
    },
  }
}
