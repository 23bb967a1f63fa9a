import { ArgumentError } from '../errors.js'
import { isDeviceCodeStore } from './lib/device.js'
import type { EphemeralStore } from './redis.js'
import type { DeviceCodeStore, Store } from './store.js'

/** A store that can be closed and swept: what `openStore` and `createLayeredStore` return. */
export type ManagedStore = Store & {
  /** Deletes expired rows now; returns how many (0 where the backend expires them itself). */
  sweep(): Promise<number>
  /** Stops background work and closes connections. Idempotent. */
  close(): Promise<void>
}

type Closable = { close?(): Promise<void>; sweep?(): Promise<number> }

/**
 * Routes short-lived artefacts (authorization codes, device codes when `ephemeral` has them,
 * one-time identifiers) to `ephemeral` (Redis) and everything else (clients, tokens and their families, consents, sealed key sets) to `durable`
 * (PostgreSQL or SQLite). Each method goes to exactly one store, so it keeps that store's
 * atomicity.
 *
 * @example
 * const store = createLayeredStore({
 *   durable: await openStore(process.env.DATABASE_URL),
 *   ephemeral: new RedisStore({ url: process.env.REDIS_URL }),
 * })
 * @see https://www.rfc-editor.org/rfc/rfc6819#section-5.1.4.1.3
 */
export function createLayeredStore(stores: {
  durable: Store & Closable
  ephemeral: EphemeralStore
}): ManagedStore {
  if (!stores || typeof stores !== 'object') throw new ArgumentError('"stores" is required')
  const { durable, ephemeral } = stores
  if (!durable) throw new ArgumentError('"durable" is required')
  if (!ephemeral) throw new ArgumentError('"ephemeral" is required')
  const device = isDeviceCodeStore(ephemeral) ? ephemeral : isDeviceCodeStore(durable) ? durable : undefined
  const deviceMethods: Partial<DeviceCodeStore> = device
    ? {
        saveDeviceCode: (r) => device.saveDeviceCode(r),
        getDeviceCodeByUserCode: (h) => device.getDeviceCodeByUserCode(h),
        getDeviceCode: (h) => device.getDeviceCode(h),
        decideDeviceCode: (h, d) => device.decideDeviceCode(h, d),
        pollDeviceCode: (h, now) => device.pollDeviceCode(h, now),
      }
    : {}
  return {
    ...deviceMethods,
    getClient: (id) => durable.getClient(id),
    saveClient: (c) => durable.saveClient(c),
    deleteClient: (id) => durable.deleteClient(id),
    saveAuthorizationCode: (c) => ephemeral.saveAuthorizationCode(c),
    consumeAuthorizationCode: (h) => ephemeral.consumeAuthorizationCode(h),
    saveToken: (t) => durable.saveToken(t),
    getToken: (h) => durable.getToken(h),
    markTokenUsed: (h, at) => durable.markTokenUsed(h, at),
    revokeToken: (h, at) => durable.revokeToken(h, at),
    revokeGrant: (g, at) => durable.revokeGrant(g, at),
    useOnce: (k, exp, now) => ephemeral.useOnce(k, exp, now),
    saveConsent: (c) => durable.saveConsent(c),
    getConsent: (s, c) => durable.getConsent(s, c),
    listConsents: (s) => durable.listConsents(s),
    revokeUserGrants: (s, c, at) => durable.revokeUserGrants(s, c, at),
    createKeySet: (r) => durable.createKeySet(r),
    saveKeySet: (r) => durable.saveKeySet(r),
    getKeySet: (id) => durable.getKeySet(id),
    async sweep() {
      const [a, b] = await Promise.all([durable.sweep?.() ?? 0, ephemeral.sweep?.() ?? 0])
      return a + b
    },
    async close() {
      await Promise.all([durable.close?.(), ephemeral.close?.()])
    },
  }
}
