/**
 * What the demo app keeps per browser once signed in: which provider, the tokens (refresh tokens
 * rotate, so they live server-side, not in a cookie), the profile and the ID token's claims. The
 * cookie holds only a random id. Sign-ins in progress live in `runtime/auth`'s sealed
 * per-transaction cookies.
 */
import type { AuthTokens } from '../../runtime/auth/index.js'
import type { IdTokenClaims } from '../../runtime/oidc/types.js'
import type { NormalizedProfile } from '../../runtime/provider/spec-types.js'
import { SessionStore } from '../lib/sessions.js'

export interface SignedIn {
  provider: string
  tokens: AuthTokens
  profile: NormalizedProfile
  claims: IdTokenClaims | undefined
}

export interface AppSession {
  user?: SignedIn | undefined
}

/** The app's session store. */
export function appSessions(): SessionStore<AppSession> {
  return new SessionStore<AppSession>('acme_sid', () => ({}))
}
