import type {
  AuthorizationCodeRecord,
  ClientRecord,
  ConsentRecord,
  ConsumedCode,
  DeviceCodeRecord,
  DevicePoll,
  KeySetRecord,
  RevokedGrant,
  Store,
  TokenRecord,
} from './store.js'

interface CodeEntry {
  record: AuthorizationCodeRecord
  used: boolean
}

/**
 * In-memory `Store` for tests, examples and single-process servers. Records are deep-copied on
 * the way in and out so callers cannot mutate stored state. Each method runs without an `await`
 * between its read and its write, which makes it atomic on a single event loop.
 *
 * @example
 * const store = new MemoryStore()
 * const server = createAuthorizationServer({ issuer, store, keys })
 * @see https://www.rfc-editor.org/rfc/rfc6819#section-5.1.4.1.3
 */
export class MemoryStore implements Store {
  readonly #clients = new Map<string, ClientRecord>()
  readonly #codes = new Map<string, CodeEntry>()
  readonly #tokens = new Map<string, TokenRecord>()
  readonly #revokedGrants = new Set<string>()
  readonly #consents = new Map<string, ConsentRecord>()
  readonly #once = new Map<string, number>()
  readonly #devices = new Map<string, DeviceCodeRecord>()
  readonly #keySets = new Map<string, KeySetRecord>()

  async getClient(clientId: string): Promise<ClientRecord | undefined> {
    const c = this.#clients.get(clientId)
    return c ? copy(c) : undefined
  }

  async saveClient(client: ClientRecord): Promise<void> {
    this.#clients.set(client.clientId, copy(client))
  }

  async deleteClient(clientId: string): Promise<void> {
    this.#clients.delete(clientId)
  }

  async saveAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    this.#codes.set(code.codeHash, { record: copy(code), used: false })
  }

  async consumeAuthorizationCode(codeHash: string): Promise<ConsumedCode | undefined> {
    const entry = this.#codes.get(codeHash)
    if (!entry) return undefined
    const replayed = entry.used
    entry.used = true
    return { record: copy(entry.record), replayed }
  }

  async saveToken(token: TokenRecord): Promise<void> {
    const stored = { ...token }
    if (this.#revokedGrants.has(stored.grantId) && stored.revokedAt === undefined)
      stored.revokedAt = stored.issuedAt
    this.#tokens.set(stored.tokenHash, stored)
  }

  async getToken(tokenHash: string): Promise<TokenRecord | undefined> {
    const t = this.#tokens.get(tokenHash)
    // Every member of a token record is a primitive: a shallow copy is a full one.
    return t ? { ...t } : undefined
  }

  async markTokenUsed(tokenHash: string, at: number): Promise<boolean> {
    const t = this.#tokens.get(tokenHash)
    if (!t || t.usedAt !== undefined) return false
    t.usedAt = at
    return true
  }

  async revokeToken(tokenHash: string, at: number): Promise<void> {
    const t = this.#tokens.get(tokenHash)
    if (t && t.revokedAt === undefined) t.revokedAt = at
  }

  async revokeGrant(grantId: string, at: number): Promise<number> {
    return this.#revokeGrant(grantId, at)
  }

  #revokeGrant(grantId: string, at: number): number {
    this.#revokedGrants.add(grantId)
    let n = 0
    for (const t of this.#tokens.values()) {
      if (t.grantId === grantId && t.revokedAt === undefined) {
        t.revokedAt = at
        n++
      }
    }
    return n
  }

  async useOnce(key: string, expiresAt: number, now: number): Promise<boolean> {
    const until = this.#once.get(key)
    if (until !== undefined && until > now) return false
    // Sweep expired identifiers now and then so the map stays bounded by the live ones.
    if (this.#once.size > 1000) for (const [k, t] of this.#once) if (t <= now) this.#once.delete(k)
    this.#once.set(key, expiresAt)
    return true
  }

  async saveDeviceCode(record: DeviceCodeRecord): Promise<void> {
    this.#devices.set(record.deviceCodeHash, copy(record))
  }

  async getDeviceCodeByUserCode(userCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    for (const r of this.#devices.values()) if (r.userCodeHash === userCodeHash) return copy(r)
    return undefined
  }

  async getDeviceCode(deviceCodeHash: string): Promise<DeviceCodeRecord | undefined> {
    const r = this.#devices.get(deviceCodeHash)
    return r && copy(r)
  }

  async decideDeviceCode(
    userCodeHash: string,
    decision: Parameters<NonNullable<Store['decideDeviceCode']>>[1],
  ): Promise<boolean> {
    for (const r of this.#devices.values()) {
      if (r.userCodeHash !== userCodeHash) continue
      if (r.status !== 'pending') return false
      r.status = decision.status
      r.sub = decision.sub
      r.authTime = decision.authTime
      r.acr = decision.acr
      if (decision.scope !== undefined) r.scope = decision.scope
      return true
    }
    return false
  }

  async pollDeviceCode(deviceCodeHash: string, now: number): Promise<DevicePoll | undefined> {
    const r = this.#devices.get(deviceCodeHash)
    if (!r) return undefined
    const before = copy(r)
    r.lastPolledAt = now
    if (r.status === 'approved') r.status = 'consumed'
    return { record: before, previousPollAt: before.lastPolledAt }
  }

  async saveConsent(consent: ConsentRecord): Promise<void> {
    this.#consents.set(consentKey(consent.sub, consent.clientId), copy(consent))
  }

  async getConsent(sub: string, clientId: string): Promise<ConsentRecord | undefined> {
    const c = this.#consents.get(consentKey(sub, clientId))
    return c ? copy(c) : undefined
  }

  async listConsents(sub: string): Promise<ConsentRecord[]> {
    return [...this.#consents.values()]
      .filter((c) => c.sub === sub)
      .sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))
      .map(copy)
  }

  async revokeUserGrants(sub: string, clientId: string, at: number): Promise<RevokedGrant[]> {
    this.#consents.delete(consentKey(sub, clientId))
    const grantIds = new Set<string>()
    for (const t of this.#tokens.values())
      if (t.sub === sub && t.clientId === clientId) grantIds.add(t.grantId)
    return [...grantIds].map((grantId) => ({ grantId, count: this.#revokeGrant(grantId, at) }))
  }

  async createKeySet(record: KeySetRecord): Promise<boolean> {
    if (this.#keySets.has(record.id)) return false
    this.#keySets.set(record.id, { ...record })
    return true
  }

  async saveKeySet(record: KeySetRecord): Promise<void> {
    this.#keySets.set(record.id, { ...record })
  }

  async getKeySet(id: string): Promise<KeySetRecord | undefined> {
    const k = this.#keySets.get(id)
    return k ? { ...k } : undefined
  }
}

/**
 * A deep copy of a JSON-shaped record (plain objects, arrays, primitives), as `structuredClone`
 * would make it for such data but several times cheaper on the small records read and written on
 * every token request; anything else (dates, typed arrays, class instances) goes through
 * `structuredClone` itself.
 */
function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(copy) as T
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key])
  return out as T
}

function consentKey(sub: string, clientId: string): string {
  return JSON.stringify([sub, clientId])
}
