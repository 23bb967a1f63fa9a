/**
 * A type-check worker (see check-workers.ts): warms up on the files named in its workerData, then
 * answers each request with formatAndCheck's result; told that the command's checks are done, it
 * writes the runtime's declaration views when its check had to read the sources.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { buildRuntimeViews, formatAndCheck, warmUp } from './check.js'
import type { CheckResponse, WorkerMessage } from './check-workers.js'

const { root, roots } = workerData as { root: string; roots: string[] }
const port = parentPort
if (port) {
  // Requests wait in the port's queue while the warm-up runs.
  port.on('message', (request: WorkerMessage) => {
    if (request.kind === 'finish') {
      let wrote = false
      try {
        wrote = buildRuntimeViews()
      } catch {
        // The views are an optimization: the next run checks against the sources.
      }
      port.postMessage({ id: request.id, ok: true, files: [], problems: [], wrote } satisfies CheckResponse)
      return
    }
    let response: CheckResponse
    try {
      const result = formatAndCheck(request.root, request.files, {
        typeCheck: request.typeCheck,
        format: request.format,
      })
      response = { id: request.id, ok: true, ...result }
    } catch (err) {
      response = {
        id: request.id,
        ok: false,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }
    }
    port.postMessage(response)
  })
  try {
    warmUp(root, roots)
  } catch {
    // The request's own check reports whatever made the warm-up fail.
  }
}
