import { createLocalJwks } from '../local-jwks.js'
import type { KeyResolver } from '../types.js'

/** Keys as the options accept them: a resolver, or a JWKS object wrapped in a local resolver. */
export type KeysOption = KeyResolver | { keys: readonly object[] }

export function toResolver(keys: KeysOption | undefined): KeyResolver | undefined {
  return keys === undefined || typeof keys === 'function' ? keys : createLocalJwks(keys)
}
