import { readdirSync } from 'node:fs'
import * as path from 'node:path'
import { Worker } from 'node:worker_threads'
import { type CheckedFile, type CheckOptions, type CheckProblem, formatAndCheck } from './check.js'
import { formatOnce } from './format.js'

/** What the main thread sends a check worker. */
export interface CheckRequest {
  kind: 'check'
  id: number
  root: string
  files: CheckedFile[]
  typeCheck: boolean
  format: boolean
}

/** Sent once every check of a command is done: the worker may then build runtime views. */
export interface FinishRequest {
  kind: 'finish'
  id: number
}

export type WorkerMessage = CheckRequest | FinishRequest

export type CheckResponse =
  | { id: number; ok: true; files: CheckedFile[]; problems: CheckProblem[]; wrote?: boolean }
  | { id: number; ok: false; error: string }

interface Lane {
  /** Generated folder whose files this worker checks, e.g. `generated/providers`. */
  dir: string
  worker: Worker
  pending: Map<number, (response: CheckResponse) => void>
}

let lanes: Lane[] = []
let requests = 0

/** One worker and the generated files it checks. */
export interface CheckLane {
  /** Folder of the generated files it checks, e.g. `generated`. */
  dir: string
  /** Folders whose files it parses while it waits: the last output on disk. */
  warm: readonly string[]
  /** Folders to parse instead when `warm` holds nothing (a first run): the sources. */
  fallback: readonly string[]
}

/**
 * Starts a type-check worker per lane (a one-shot `authspec generate`): it loads the compiler and
 * parses what the lane's files import while the main thread loads specs and renders; requests
 * then find the trees parsed. `script` is the built check-worker module; nothing starts when it
 * is TypeScript source, which a worker cannot run.
 */
export function startCheckWorkers(root: string, script: URL, config: readonly CheckLane[]): void {
  if (!script.pathname.endsWith('.js') || lanes.length > 0) return
  lanes = config.flatMap(({ dir, warm, fallback }) => {
    const found = warm.flatMap((d) => tsFiles(root, d))
    const roots = found.length > 0 ? found : fallback.flatMap((d) => tsFiles(root, d))
    // Nothing to generate there: a worker would only compete for the CPU.
    if (roots.length === 0) return []
    const worker = new Worker(script, { workerData: { root, roots } })
    const lane: Lane = { dir, worker, pending: new Map() }
    worker.on('message', (response: CheckResponse) => {
      lane.pending.get(response.id)?.(response)
      lane.pending.delete(response.id)
      if (lane.pending.size === 0) worker.unref()
    })
    const fail = (error: string) => {
      for (const [id, resolve] of lane.pending) resolve({ id, ok: false, error })
      lane.pending.clear()
      lanes = lanes.filter((l) => l !== lane)
    }
    worker.on('error', (err) => fail(err.stack ?? err.message))
    worker.on('exit', (code) => fail(`check worker exited with code ${code}`))
    // An idle worker must not keep the process alive.
    worker.unref()
    return [lane]
  })
}

/** Stops the workers (tests; a finished CLI run just exits). */
export async function stopCheckWorkers(): Promise<void> {
  const stopping = lanes.map((l) => l.worker.terminate())
  lanes = []
  await Promise.all(stopping)
}

function tsFiles(root: string, dir: string): string[] {
  try {
    return readdirSync(path.join(root, dir))
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts') && !n.endsWith('.test.ts'))
      .sort()
      .map((n) => `${dir}/${n}`)
  } catch {
    return []
  }
}

/**
 * formatAndCheck, in the worker for the folder most of `files` are in when workers run and no
 * kept `project` is given; in this thread otherwise. Same result either way.
 */
export async function formatAndCheckAsync(
  root: string,
  files: readonly CheckedFile[],
  options: CheckOptions = {},
): Promise<{ files: CheckedFile[]; problems: CheckProblem[] }> {
  const lane = options.project ? undefined : laneFor(files)
  if (lane) {
    const id = ++requests
    // This thread only waits while the worker checks, and the worker's path is the run's: the
    // formatting (~0.15 s for the providers) is done here, before sending.
    const formatted =
      options.format === false
        ? [...files]
        : files.map((f) => ({ file: f.file, content: formatOnce(f.file, f.content) }))
    const request: CheckRequest = {
      kind: 'check',
      id,
      root,
      files: formatted,
      typeCheck: options.typeCheck !== false,
      format: false,
    }
    const response = await new Promise<CheckResponse>((resolve) => {
      lane.pending.set(id, resolve)
      lane.worker.ref()
      lane.worker.postMessage(request)
    })
    if (response.ok) return { files: response.files, problems: response.problems }
    // A worker that failed is gone; the check runs here and reports any real error itself.
  }
  return formatAndCheck(root, files, options)
}

/**
 * Tells each worker that the command's checks are done, so it may write the declaration views of
 * the runtime its check read from sources (once after a runtime edit; see runtime-views.ts), and
 * waits for them. Resolves to whether any worker wrote views.
 */
export async function finishCheckWorkers(): Promise<boolean> {
  const replies = lanes.map(
    (lane) =>
      new Promise<CheckResponse>((resolve) => {
        const id = ++requests
        lane.pending.set(id, resolve)
        lane.worker.ref()
        lane.worker.postMessage({ kind: 'finish', id } satisfies FinishRequest)
      }),
  )
  return (await Promise.all(replies)).some((r) => r.ok && r.wrote === true)
}

function laneFor(files: readonly CheckedFile[]): Lane | undefined {
  let best: Lane | undefined
  let most = 0
  for (const lane of lanes) {
    const count = files.filter((f) => f.file.startsWith(`${lane.dir}/`)).length
    if (count > most) {
      best = lane
      most = count
    }
  }
  return best
}
