/**
 * What the demo app keeps per browser: the sign-ins in progress (one per `state`, so parallel tabs
 * do not clash; each bound to the provider it was started for; ten minutes to finish) and, once
 * signed in, the tokens and profile. Server-side only: the cookie holds a random id.
 */
import type { AuthorizationSession } from '../../runtime/provider/client-types.js'
import type { NormalizedProfile } from '../../runtime/provider/spec-types.js'
import { SessionStore } from '../lib/sessions.js'
import type { Tokens } from './providers.js'

const PENDING_TTL_MS = 10 * 60 * 1000
const MAX_PENDING = 5

export interface PendingSignIn {
  provider: string
  session: AuthorizationSession
  startedAt: number
}

export interface SignedIn {
  provider: string
  tokens: Tokens
  profile: Partial<NormalizedProfile>
}

export interface AppSession {
  pending: Map<string, PendingSignIn>
  user?: SignedIn | undefined
}

/** The app's session store. */
export function appSessions(): SessionStore<AppSession> {
  return new SessionStore<AppSession>('app_sid', () => ({ pending: new Map() }))
}

/** Records a sign-in in progress, keeping only the most recent few. */
export function addPending(data: AppSession, pending: PendingSignIn): void {
  data.pending.set(pending.session.transaction.state, pending)
  while (data.pending.size > MAX_PENDING) {
    const oldest = data.pending.keys().next().value
    if (oldest === undefined) break
    data.pending.delete(oldest)
  }
}

/**
 * Takes (and forgets: single use) the sign-in that `state` belongs to, if it was started in this
 * browser for `provider` and is not stale.
 */
export function takePending(
  data: AppSession,
  state: string | null,
  provider: string,
  now = Date.now(),
): PendingSignIn | undefined {
  if (!state) return undefined
  const pending = data.pending.get(state)
  if (!pending) return undefined
  data.pending.delete(state)
  if (pending.provider !== provider || now - pending.startedAt > PENDING_TTL_MS) return undefined
  return pending
}
