import type { DeviceCodeRecord, DeviceCodeStore } from '../store.js'

/** Whether a store has every method of the device flow; it needs them all or none. */
export function isDeviceCodeStore(store: Partial<DeviceCodeStore>): store is DeviceCodeStore {
  return !!(
    store.saveDeviceCode &&
    store.getDeviceCodeByUserCode &&
    store.getDeviceCode &&
    store.decideDeviceCode &&
    store.pollDeviceCode
  )
}

export type DeviceDecision = Parameters<DeviceCodeStore['decideDeviceCode']>[1]

/** The record after a decision, exactly as `MemoryStore` applies it. */
export function applyDecision(record: DeviceCodeRecord, decision: DeviceDecision): DeviceCodeRecord {
  const { sub: _s, authTime: _t, acr: _a, ...rest } = record
  const next: DeviceCodeRecord = { ...rest, status: decision.status }
  if (decision.sub !== undefined) next.sub = decision.sub
  if (decision.authTime !== undefined) next.authTime = decision.authTime
  if (decision.acr !== undefined) next.acr = decision.acr
  if (decision.scope !== undefined) next.scope = decision.scope
  return next
}

/** The record after a poll at `now`: an approved code is consumed by the poll that sees it. */
export function applyPoll(record: DeviceCodeRecord, now: number): DeviceCodeRecord {
  return { ...record, lastPolledAt: now, status: record.status === 'approved' ? 'consumed' : record.status }
}
