import { ArgumentError } from '../errors.js'
import { randomToken, sha256Base64url } from '../lib/random.js'

/** PKCE code challenge methods (RFC 7636 §4.2). `plain` exists only for servers that lack S256. */
export type CodeChallengeMethod = 'S256' | 'plain'

/** A verifier and the challenge derived from it. */
export interface Pkce {
  codeVerifier: string
  codeChallenge: string
  codeChallengeMethod: CodeChallengeMethod
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

/**
 * A fresh code verifier: 32 bytes from the CSPRNG, base64url-encoded (43 characters),
 * as RFC 7636 §4.1 recommends.
 *
 * @example
 * const verifier = generateCodeVerifier() // 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function generateCodeVerifier(): string {
  return randomToken(32)
}

/**
 * The code challenge for a verifier. S256 is the default; `plain` only when asked for by name,
 * because it gives no protection if the authorization request leaks (RFC 9700 §2.1.1).
 *
 * @example
 * const challenge = await computeCodeChallenge(verifier) // BASE64URL(SHA256(verifier))
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export async function computeCodeChallenge(
  codeVerifier: string,
  method: CodeChallengeMethod = 'S256',
): Promise<string> {
  if (!VERIFIER.test(codeVerifier)) {
    throw new ArgumentError('"codeVerifier" must be 43-128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1)')
  }
  if (method === 'S256') return sha256Base64url(codeVerifier)
  if (method === 'plain') return codeVerifier
  throw new ArgumentError(`"method" must be "S256" or "plain", got ${JSON.stringify(method)}`)
}

/**
 * A verifier plus its challenge, ready for the authorization request.
 *
 * @example
 * const { codeVerifier, codeChallenge, codeChallengeMethod } = await createPkce()
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4
 */
export async function createPkce(method: CodeChallengeMethod = 'S256', codeVerifier?: string): Promise<Pkce> {
  const verifier = codeVerifier ?? generateCodeVerifier()
  return {
    codeVerifier: verifier,
    codeChallenge: await computeCodeChallenge(verifier, method),
    codeChallengeMethod: method,
  }
}
