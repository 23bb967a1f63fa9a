/**
 * `npm start` as a user runs it: `tsx demo/main.ts` in a child process. The banner names the URLs
 * and the demo credentials; a bad setting or a taken port is one line on stderr and exit 1.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { launchChromium, removeDir } from './support.js'

const dataDir = mkdtempSync(join(tmpdir(), 'authspec-demo-main-'))
const children: ChildProcess[] = []

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid)
  removeDir(dataDir)
})

/** Runs the demo with `env` until `done` says the output is complete, or it exits. */
async function run(env: Record<string, string>, done: (stdout: string) => boolean) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/main.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, DEMO_DATA_DIR: dataDir, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const deadline = Date.now() + 25_000
  while (!done(stdout) && child.exitCode === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
  }
  return { child, stdout: () => stdout, stderr: () => stderr, exited }
}

describe('npm start', () => {
  it('prints a banner with both URLs and the demo credentials, and serves the app', async () => {
    const r = await run({ DEMO_APP_PORT: '0', LOCAL_ID_PORT: '0' }, (out) => out.includes('Ctrl+C'))
    const out = r.stdout()
    const app = /Demo app\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
    const id = /Local ID\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
    expect(out).toContain('Sign in as demo / demo-password')
    expect(app).toBeDefined()
    expect(id).toBeDefined()
    const home = await fetch(`${app}/`)
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('Log in with Local ID')
    const meta = (await (await fetch(`${id}/.well-known/openid-configuration`)).json()) as { issuer: string }
    expect(meta.issuer).toBe(id)
    r.child.kill('SIGTERM')
    expect(await r.exited).toBe(0)
  })

  it.each([
    ['a malformed port', { DEMO_APP_PORT: 'three thousand' }, 'DEMO_APP_PORT must be a port number'],
    ['a port out of range', { LOCAL_ID_PORT: '99999' }, 'LOCAL_ID_PORT must be a port number'],
  ])('exits 1 with one line for %s', async (_name, env, line) => {
    const r = await run(env, () => false)
    expect(await r.exited).toBe(1)
    const err = r.stderr().trim()
    expect(err.split('\n')).toHaveLength(1)
    expect(err).toContain(line)
    expect(err).not.toMatch(/\n\s+at /)
  })

  it('exits 1 with one line naming the variable when a port is taken', async () => {
    const blocker = createServer()
    blocker.listen(0, '127.0.0.1')
    await once(blocker, 'listening')
    const port = String((blocker.address() as { port: number }).port)
    try {
      const r = await run({ DEMO_APP_PORT: '0', LOCAL_ID_PORT: port }, () => false)
      expect(await r.exited).toBe(1)
      const err = r.stderr().trim()
      expect(err.split('\n')).toHaveLength(1)
      expect(err).toContain(`Port ${port} (Local ID) is already in use`)
      expect(err).toContain('LOCAL_ID_PORT=')
    } finally {
      blocker.close()
    }
  })

  it('warns in one line about a half-set provider and still starts', async () => {
    const r = await run(
      { DEMO_APP_PORT: '0', LOCAL_ID_PORT: '0', DISCORD_CLIENT_ID: '123456789012345678' },
      (out) => out.includes('Ctrl+C'),
    )
    expect(r.stderr().trim()).toBe(
      'authspec demo: Discord: DISCORD_CLIENT_SECRET is not set, so the Discord button is hidden (see .env.example)',
    )
    expect(r.stdout()).toContain('Providers  Local ID\n')
    r.child.kill('SIGTERM')
    expect(await r.exited).toBe(0)
  })

  it('fails (never skips) the browser tests when Chromium is missing, naming the install script', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow('bash scripts/chromium.sh')
  })
})
