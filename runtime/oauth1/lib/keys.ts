import { ArgumentError } from '../../errors.js'
import type { RsaPrivateKey, RsaPublicKey } from '../types.js'
import { fromBase64 } from './base64.js'

export type ShaName = 'SHA-1' | 'SHA-256'

const RSA = 'RSASSA-PKCS1-v1_5'

/** Imports (or checks) the private key for RSA-SHA1 / RSA-SHA256. */
export async function rsaPrivateKey(key: RsaPrivateKey, hash: ShaName, name: string): Promise<CryptoKey> {
  if (typeof key === 'string') return importPem(key, 'PRIVATE KEY', 'pkcs8', hash, 'sign', name)
  return checkKey(key, 'private', hash, name)
}

/** Imports (or checks) the public key that verifies RSA-SHA1 / RSA-SHA256. */
export async function rsaPublicKey(key: RsaPublicKey, hash: ShaName, name: string): Promise<CryptoKey> {
  if (typeof key === 'string') return importPem(key, 'PUBLIC KEY', 'spki', hash, 'verify', name)
  return checkKey(key, 'public', hash, name)
}

function checkKey(key: CryptoKey, type: KeyType, hash: ShaName, name: string): CryptoKey {
  const alg = key.algorithm as RsaHashedKeyAlgorithm
  if (key.type !== type || alg.name !== RSA || alg.hash?.name !== hash) {
    throw new ArgumentError(`"${name}" must be an ${RSA} ${type} CryptoKey with hash ${hash}`)
  }
  return key
}

async function importPem(
  pem: string,
  label: string,
  format: 'pkcs8' | 'spki',
  hash: ShaName,
  usage: KeyUsage,
  name: string,
): Promise<CryptoKey> {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem)
  const der = match ? fromBase64(match[1]!.replace(/\s+/g, '')) : undefined
  if (!der) {
    const hint = /BEGIN RSA /.test(pem) ? ' (convert PKCS#1 keys to PKCS#8/SPKI first)' : ''
    throw new ArgumentError(`"${name}" must be a PEM "${label}" (${format.toUpperCase()})${hint}`)
  }
  try {
    return await crypto.subtle.importKey(format, der, { name: RSA, hash }, false, [usage])
  } catch {
    throw new ArgumentError(`"${name}" is not a valid RSA ${format.toUpperCase()} key`)
  }
}
