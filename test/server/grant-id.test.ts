import { describe, expect, it } from 'vitest'
import { newGrantId } from '../../runtime/server/lib/tokens.js'

// Grant ids start with their creation time so store indexes on grant_id grow at their end.
describe('newGrantId', () => {
  it('sorts by creation time as a plain string, across digit and letter boundaries', () => {
    const times = [0x0f_ffff_ffff, 0x10_0000_0000, 0x19_ffff_ffff, 0x1a_0000_0000, Date.now()]
    const ids = times.map((t) => newGrantId(t))
    expect([...ids].sort()).toEqual(ids)
  })

  it('carries 80 random bits: ids of the same millisecond differ and are URL-safe', () => {
    const now = 1_700_000_000_000
    const ids = new Set(Array.from({ length: 1000 }, () => newGrantId(now)))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(/^018bcfe56800[A-Za-z0-9_-]{14}$/)
  })
})
