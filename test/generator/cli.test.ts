import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../../bin/authspec.js', import.meta.url))

function run(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' })
}

describe('authspec CLI', () => {
  it.each([['help'], ['--help']])('%s prints usage and exits 0', (flag) => {
    const r = run(flag)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Usage: authspec <command>')
  })

  it('an unknown command exits 1 and says what to do next', () => {
    const r = run('frobnicate')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('unknown command "frobnicate"')
    expect(r.stderr).toContain('authspec help')
  })
})
