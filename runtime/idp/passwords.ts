/**
 * Password hashing with scrypt (RFC 7914): a random salt per password, compared in constant time.
 * Node-only (`node:crypto`), like the stores: the kit's accounts adapter keeps these hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { ArgumentError } from '../errors.js'

const N = 16384
const R = 8
const P = 1
const KEYLEN = 32

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

/**
 * Hashes a password as `scrypt$N$r$p$salt$hash` (salt and hash in base64url), for an accounts
 * adapter to store.
 * @example
 * await users.insert({ login: 'ada', passwordHash: await hashPassword('correct horse') })
 * @see https://www.rfc-editor.org/rfc/rfc7914
 */
export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== 'string' || password === '')
    throw new ArgumentError('"password" must be a non-empty string')
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/**
 * True when `password` matches `stored` (a `hashPassword` result), compared in constant time;
 * false for a malformed `stored`.
 * @example
 * if (await verifyPassword(form.password, account.passwordHash)) signIn(account)
 * @see https://www.rfc-editor.org/rfc/rfc7914
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  try {
    const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p))
    return key.length === expected.length && timingSafeEqual(key, expected)
  } catch {
    // Parameters scrypt refuses (not a power of two, over the memory limit) are a malformed hash.
    return false
  }
}
