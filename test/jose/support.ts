import { expect } from 'vitest'
import { AuthspecError } from '../../runtime/errors.js'

/** The error a promise (or a function, sync or async) fails with; the test fails if it succeeds. */
export async function failure(p: Promise<unknown> | (() => unknown)): Promise<AuthspecError> {
  const err = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AuthspecError)
  return err as AuthspecError
}

/** The `code` of the `AuthspecError` a promise fails with. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  return (await failure(p)).code
}
