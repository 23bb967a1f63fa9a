/** Options shared by the stores that sweep expired rows in the background. */
export interface SweepOptions {
  /** Milliseconds between sweeps; 0 turns the background sweep off (call `sweep()` yourself). Default 60 000. */
  sweepIntervalMs?: number | undefined
  /** Rows deleted per statement, so a sweep never holds a lock for long. Default 500. */
  sweepBatchSize?: number | undefined
  /** Seconds a code is kept after it expires so a late replay is still detected. Default 600. */
  codeRetention?: number | undefined
  /** Seconds a revoked grant family is remembered after its revocation. Default 30 days. */
  revokedGrantRetention?: number | undefined
  /** Clock in epoch milliseconds, for tests. Default `Date.now`. */
  now?: (() => number) | undefined
  /** Called when a background sweep fails; the sweep is retried at the next interval. */
  onSweepError?: ((error: unknown) => void) | undefined
}

export interface ResolvedSweep {
  intervalMs: number
  batch: number
  codeRetention: number
  grantRetention: number
  now: () => number
  onError: (error: unknown) => void
}

export function resolveSweep(o: SweepOptions | undefined): ResolvedSweep {
  return {
    intervalMs: o?.sweepIntervalMs ?? 60_000,
    batch: o?.sweepBatchSize ?? 500,
    codeRetention: o?.codeRetention ?? 600,
    grantRetention: o?.revokedGrantRetention ?? 30 * 24 * 3600,
    now: o?.now ?? Date.now,
    onError: o?.onSweepError ?? (() => {}),
  }
}

/**
 * Runs `sweep` every `intervalMs` on an unref'd timer (it never keeps the process alive) and never
 * twice at once. Returns the function that stops it.
 */
export function startSweeper(sweep: () => Promise<unknown>, r: ResolvedSweep): () => void {
  if (r.intervalMs <= 0) return () => {}
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    sweep()
      .catch(r.onError)
      .finally(() => {
        running = false
      })
  }, r.intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** Yields to the event loop between two batches so requests interleave with a long sweep. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
