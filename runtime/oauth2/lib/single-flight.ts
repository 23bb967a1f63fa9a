/**
 * Wraps an async operation so that callers arriving while it runs share the same promise
 * instead of starting another. The slot is cleared when the operation settles, success or
 * failure, so a failed run never poisons later calls.
 */
export function singleFlight<T>(operation: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined
  return () => {
    if (inFlight) return inFlight
    // Started in a microtask so the slot is set before the operation can settle, even when it
    // throws synchronously.
    const run: Promise<T> = Promise.resolve()
      .then(operation)
      .finally(() => {
        if (inFlight === run) inFlight = undefined
      })
    inFlight = run
    return run
  }
}
