import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

/** authspec's own checkout. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url))

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * The environment a user's shell has: without the `npm_*` variables `npm test` sets, which would
 * make npm commands in another project act on this one.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith('npm_') && name !== 'INIT_CWD') env[name] = value
  }
  return { ...env, ...extra }
}

/** Runs a shell command line in `cwd` as a user would type it; resolves with its exit code and output. */
export function sh(line: string, cwd: string, env: NodeJS.ProcessEnv = userEnv()): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

/** A long-running command (a server), in its own process group so `stop` ends it and its children. */
export interface Background {
  child: ChildProcess
  output: () => string
  stop: () => void
}

/** Starts `line` in the background and resolves once its output matches `ready`. */
export function background(
  line: string,
  cwd: string,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<Background> {
  const child = spawn('bash', ['-c', line], {
    cwd,
    env: userEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const stop = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
    } catch {
      // Already gone.
    }
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`"${line}" printed nothing matching ${ready} in ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve({ child, output: () => output, stop })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('close', (code) => {
      clearTimeout(timer)
      reject(new Error(`"${line}" exited with ${code} before it was ready:\n${output}`))
    })
  })
}

/**
 * Packs authspec as `npm publish` would (from the built dist/) into `dir`; resolves to the
 * tarball's path. Needs `npm run build` first (`npm test` builds before it runs the tests).
 */
export async function packTarball(dir: string): Promise<string> {
  if (!existsSync(path.join(REPO, 'dist/runtime/index.js')))
    throw new Error('dist/ is missing: run "npm run build" first')
  const { code, stdout, stderr } = await sh(`npm pack --silent --pack-destination "${dir}"`, REPO)
  if (code !== 0) throw new Error(`npm pack failed: ${stderr}`)
  return path.join(dir, stdout.trim().split('\n').at(-1) ?? '')
}

/** An empty folder under the system's temporary directory, outside this repository. */
export function freshDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `${prefix}-`))
}

/** What an install put in a project: package names and whether any has an install script. */
export async function installed(project: string): Promise<{ names: string[]; installScripts: string[] }> {
  const lock = JSON.parse(await readFile(path.join(project, 'node_modules/.package-lock.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean }>
  }
  const entries = Object.entries(lock.packages).filter(([key]) => key.startsWith('node_modules/'))
  const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)
  return {
    names: entries.map(([key]) => nameOf(key)).sort(),
    installScripts: entries.filter(([, p]) => p.hasInstallScript).map(([key]) => nameOf(key)),
  }
}

/** Bytes of every file under `dir` (what `du --apparent-size` counts). */
export async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) total += await bytesOnDisk(full)
    else if (entry.isFile()) total += (await stat(full)).size
  }
  return total
}
