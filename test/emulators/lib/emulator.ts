// The shape every emulator returns, and the fake login step shared by their authorize endpoints.
import { Clock, type EmulatorState } from './state.js'

/**
 * Who "logs in" at the next authorization request. The emulators never show a page: they
 * auto-approve `userId` (or refuse, with `decision: 'deny'`), as a user clicking through would.
 * Tests change it between flows.
 */
export interface LoginControl {
  userId: string | undefined
  decision: 'approve' | 'deny'
}

export interface Emulator<TUser, TClient, TState extends EmulatorState = EmulatorState> {
  /** Origin of the emulator, e.g. http://127.0.0.1:41234 (use in place of the provider's hosts). */
  url: string
  close(): Promise<void>
  /** Issued codes, tokens, revoked tokens and the request log. */
  state: TState
  /** Keyed by the provider's user id (as a string). Mutable: tests may add or edit users. */
  users: Map<string, TUser>
  /** Keyed by client id. Mutable. */
  clients: Map<string, TClient>
  login: LoginControl
  clock: Clock
  /** Fixes the emulator's clock at `ms` (milliseconds since the epoch). */
  setNow(ms: number): void
}

export type LoginResult = { ok: true; userId: string } | { ok: false; reason: 'denied' | 'no_user' }

/** Resolves the fake login against the known users. */
export function performLogin(login: LoginControl, users: Map<string, unknown>): LoginResult {
  if (login.decision === 'deny') return { ok: false, reason: 'denied' }
  const id = login.userId ?? users.keys().next().value
  if (id === undefined || !users.has(id)) return { ok: false, reason: 'no_user' }
  return { ok: true, userId: id }
}

/** Splits a scope string on spaces and/or commas, dropping empties and duplicates, keeping order. */
export function splitScopes(scope: string | null | undefined, separators: RegExp = /[\s,]+/): string[] {
  if (!scope) return []
  return [...new Set(scope.split(separators).filter(Boolean))]
}

/** Origin-relative values in options may be given as functions of the emulator's own origin. */
export type OriginDependent<T> = T | ((origin: string) => T)

export function resolveOrigin<T>(value: OriginDependent<T>, origin: string): T {
  return typeof value === 'function' ? (value as (o: string) => T)(origin) : value
}

/** The common part of an emulator's handle: its server plus the state the tests inspect. */
export function emulatorHandle<TUser, TClient, TState extends EmulatorState>(
  server: { url: string; close(): Promise<void> },
  parts: {
    state: TState
    users: Map<string, TUser>
    clients: Map<string, TClient>
    login: LoginControl
    clock: Clock
  },
): Emulator<TUser, TClient, TState> {
  return { url: server.url, close: server.close, ...parts, setNow: (ms) => parts.clock.set(ms) }
}

/** The users, clients, login control and clock every emulator starts from. */
export function emulatorParts<TUser, TClient extends { clientId: string }>(
  users: TUser[] | undefined,
  userId: (u: TUser) => string,
  clients: TClient[] | undefined,
): { users: Map<string, TUser>; clients: Map<string, TClient>; login: LoginControl; clock: Clock } {
  return {
    users: new Map((users ?? []).map((u) => [userId(u), u])),
    clients: new Map((clients ?? []).map((c) => [c.clientId, c])),
    login: { userId: undefined, decision: 'approve' },
    clock: new Clock(),
  }
}
