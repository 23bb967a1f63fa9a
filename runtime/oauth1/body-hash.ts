import { ArgumentError } from '../errors.js'
import { toBase64 } from './lib/base64.js'
import { bodyBytes } from './lib/params.js'
import { methodHash } from './sign.js'
import type { RequestBody, SignatureMethod } from './types.js'

/**
 * Computes `oauth_body_hash` (OAuth Request Body Hash extension): the base64 SHA-1 (for
 * `*-SHA1` methods) or SHA-256 (for `*-SHA256`) of the exact body bytes; an absent body
 * hashes as empty. Only for bodies that are not form-encoded, which the signature covers.
 *
 * @example
 * await computeBodyHash('{"a":1}', 'HMAC-SHA256')
 * @see https://oauth.googlecode.com/svn/spec/ext/body_hash/1.0/oauth-bodyhash.html
 */
export async function computeBodyHash(
  body: RequestBody | undefined,
  signatureMethod: SignatureMethod,
): Promise<string> {
  if (signatureMethod === 'PLAINTEXT') {
    throw new ArgumentError('"bodyHash" cannot be used with PLAINTEXT, which signs nothing')
  }
  const bytes = new Uint8Array(bodyBytes(body))
  return toBase64(new Uint8Array(await crypto.subtle.digest(methodHash(signatureMethod), bytes)))
}
