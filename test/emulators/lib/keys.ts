// RS256 signing for emulators that issue ID tokens, and the JWKS that publishes the key.
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { mint } from './state.js'

export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
  jwks(): { keys: JWK[] }
  sign(claims: Record<string, unknown>, opts?: { typ?: string }): Promise<string>
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const kid = mint('', 12)
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  return {
    kid,
    privateKey,
    publicJwk,
    jwks: () => ({ keys: [publicJwk] }),
    sign: (claims, opts = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: opts.typ ?? 'JWT' }).sign(privateKey),
  }
}

/** OIDC Core §3.1.3.6 at_hash / c_hash for RS256: left half of SHA-256, base64url. */
export async function halfHash(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)))
  return Buffer.from(digest.slice(0, 16)).toString('base64url')
}

/** `jwt` with its payload changed and its signature kept: what a forged or tampered ID token looks like. */
export function tamperPayload(jwt: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.')
  const changed = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')), ...claims }
  return [header, Buffer.from(JSON.stringify(changed)).toString('base64url'), signature].join('.')
}
