import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../runtime/idp/index.js'
import { unmatchableHash } from '../../runtime/idp/passwords.js'

describe('hashPassword / verifyPassword', () => {
  it('salts each hash and verifies only the right password', async () => {
    const a = await hashPassword('correct horse')
    const b = await hashPassword('correct horse')
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword('correct horse', a)).toBe(true)
    expect(await verifyPassword('correct horsf', a)).toBe(false)
  })

  it('makes an unmatchable hash of the same shape, so an unknown login still costs one scrypt', async () => {
    const dummy = unmatchableHash()
    expect(dummy).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(await verifyPassword('', dummy)).toBe(false)
  })

  it.each([
    ['another scheme', 'bcrypt$x'],
    ['missing parts', 'scrypt$16384$8$1$'],
    ['an N scrypt refuses', 'scrypt$3$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('is false for a malformed hash: %s', async (_name, stored) => {
    expect(await verifyPassword('x', stored)).toBe(false)
  })

  it('refuses an empty password with a message naming it', async () => {
    await expect(hashPassword('')).rejects.toThrow('"password" must be a non-empty string')
  })
})
