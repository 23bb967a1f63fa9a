/**
 * Password hashing with scrypt (RFC 7914): a random salt per password, compared in constant time.
 * scrypt is not in Web Crypto, so it comes from the platform's `node:crypto` (Node, Bun, Deno),
 * looked up when called: the kit itself stays loadable on every Fetch runtime.
 */
import { base64url } from 'jose'
import { ArgumentError, AuthspecError } from '../errors.js'
import { base64urlEncode } from '../lib/base64url.js'
import { nodeBuiltin } from '../lib/platform.js'
import { constantTimeEqual } from '../lib/random.js'

const N = 16384
const R = 8
const P = 1
const KEYLEN = 32

interface NodeScrypt {
  scrypt(
    password: string,
    salt: Uint8Array,
    keylen: number,
    options: { N: number; r: number; p: number; maxmem: number },
    done: (err: Error | null, key: Uint8Array) => void,
  ): void
}

function derive(password: string, salt: Uint8Array, n: number, r: number, p: number): Promise<Uint8Array> {
  const crypto = nodeBuiltin<NodeScrypt>('node:crypto')
  if (!crypto)
    throw new AuthspecError('MISSING_DEPENDENCY', 'scrypt needs node:crypto (Node 20.16+, Bun or Deno)')
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
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
  const salt = crypto.getRandomValues(new Uint8Array(16))
  return format(salt, await derive(password, salt, N, R, P))
}

/**
 * A well-formed hash with a random key no password derives, for an unknown login to verify against:
 * it costs one scrypt, as a wrong password does, without hashing anything at start-up.
 */
export function unmatchableHash(): string {
  return format(crypto.getRandomValues(new Uint8Array(16)), crypto.getRandomValues(new Uint8Array(KEYLEN)))
}

function format(salt: Uint8Array, key: Uint8Array): string {
  return ['scrypt', N, R, P, base64urlEncode(salt), base64urlEncode(key)].join('$')
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
  try {
    const key = await derive(password, base64url.decode(salt), Number(n), Number(r), Number(p))
    return constantTimeEqual(base64urlEncode(key), hash)
  } catch (err) {
    if (err instanceof AuthspecError) throw err
    // Parameters scrypt refuses (not a power of two, over the memory limit) are a malformed hash.
    return false
  }
}
