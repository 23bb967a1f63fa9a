import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// `npm run example` prints a whole OpenID Connect login step by step: prove it runs and exits 0.

const root = fileURLToPath(new URL('../..', import.meta.url))

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/login-demo.ts'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('examples/login-demo.ts (npm run example)', () => {
  it('performs the full login against the local provider and exits 0', async () => {
    const { code, stdout, stderr } = await runDemo()
    expect(stderr).toBe('')
    expect(code).toBe(0)
    for (let n = 1; n <= 9; n++) expect(stdout).toContain(`[${n}/9]`)
    expect(stdout).toMatch(/iss\s+http:\/\/127\.0\.0\.1:\d+ \(expected issuer\)/)
    expect(stdout).toMatch(/sub\s+user-alice-0001/)
    expect(stdout).toMatch(/email\s+alice@example\.test \(verified: true\)/)
    expect(stdout).toContain('(rotated: true)')
    expect(stdout).toContain('Login complete for Alice Liddell')
  }, 60_000)
})
