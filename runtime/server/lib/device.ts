import { isDeviceCodeStore } from '../../storage/lib/device.js'
import type { DeviceCodeStore } from '../../storage/store.js'
import { serverError } from '../errors.js'
import type { ServerContext } from '../types.js'

/** Consonants only (RFC 8628 §6.1): no vowels to spell words, no look-alike characters. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ'
const USER_CODE_LENGTH = 8

/** A user code like `WDJB-MJHT`: 8 characters from 20, about 34 bits, uniformly drawn. */
export function newUserCode(): string {
  const out: string[] = []
  const buf = new Uint8Array(32)
  while (out.length < USER_CODE_LENGTH) {
    crypto.getRandomValues(buf)
    for (const b of buf) {
      // Rejection sampling keeps every character equally likely (256 = 12 * 20 + 16).
      if (b < 240 && out.length < USER_CODE_LENGTH) out.push(USER_CODE_ALPHABET[b % 20]!)
    }
  }
  return `${out.slice(0, 4).join('')}-${out.slice(4).join('')}`
}

/** What users type is compared case-insensitively and without separators. */
export function normalizeUserCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z]/g, '')
}

/** The store's device methods, or a `server_error` when the store has none. */
export function requireDeviceStore(server: ServerContext): DeviceCodeStore {
  if (!isDeviceCodeStore(server.store)) {
    throw serverError('server_error', 'the store does not support the device flow')
  }
  return server.store
}
