import { constantTimeEqual, sha256Base64url } from '../../lib/random.js'
import { serverError } from '../errors.js'
import type { GrantExtension } from '../types.js'

const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/

/**
 * PKCE (RFC 7636) for the authorization code grant. S256 is required for public clients and, by
 * default (`pkce.requiredFor: 'all'`), for every client; `plain` is refused unless
 * `pkce.allowPlain` is set; a `code_verifier` sent for a code issued without a challenge is refused
 * (RFC 9700 §2.1.1).
 *
 * @example
 * server.registerGrant(authorizationCodeGrant(), [pkceExtension(), openIdExtension()])
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.4
 */
export function pkceExtension(): GrantExtension {
  return {
    name: 'pkce',
    onAuthorizationRequest(ctx) {
      const challenge = ctx.params.get('code_challenge')
      const method = ctx.params.get('code_challenge_method')
      const required = ctx.client.tokenEndpointAuthMethod === 'none' || ctx.server.pkce.requiredFor === 'all'
      if (challenge === undefined) {
        if (method !== undefined)
          throw serverError('invalid_request', 'code_challenge_method without code_challenge')
        if (required) throw serverError('invalid_request', 'code_challenge is required (PKCE with S256)')
        return
      }
      // RFC 7636 §4.3: an absent method means "plain".
      const m = method ?? 'plain'
      if (m !== 'S256' && m !== 'plain')
        throw serverError('invalid_request', 'unsupported code_challenge_method')
      if (m === 'plain' && !ctx.server.pkce.allowPlain) {
        throw serverError('invalid_request', 'code_challenge_method must be S256')
      }
      if (!(m === 'S256' ? S256_CHALLENGE : VERIFIER).test(challenge)) {
        throw serverError('invalid_request', 'code_challenge is malformed')
      }
      ctx.code.codeChallenge = challenge
      ctx.code.codeChallengeMethod = m
    },
    async onCodeExchange(ctx, code) {
      const verifier = ctx.params.get('code_verifier')
      if (code.codeChallenge === undefined) {
        if (verifier !== undefined) {
          throw serverError('invalid_grant', 'code_verifier sent for a code issued without code_challenge')
        }
        return
      }
      if (verifier === undefined) throw serverError('invalid_grant', 'code_verifier is required')
      if (!VERIFIER.test(verifier)) throw serverError('invalid_grant', 'code_verifier is malformed')
      const computed = code.codeChallengeMethod === 'S256' ? await sha256Base64url(verifier) : verifier
      if (!constantTimeEqual(computed, code.codeChallenge)) {
        throw serverError('invalid_grant', 'code_verifier does not match the code_challenge')
      }
    },
  }
}
