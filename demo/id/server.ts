/**
 * Local ID: the demo's OpenID Provider, authspec/idp configured with the demo's user directory
 * and branding. Everything interactive (login, consent, account choice, device verification,
 * logout, error pages) is the kit's.
 */
import { createIdentityProvider, type IdentityProvider } from '../../runtime/idp/index.js'
import type { SigningKeys } from '../../runtime/server/index.js'
import type { Store } from '../../runtime/storage/store.js'
import { DEMO_USER } from './seed.js'
import type { UserDirectory } from './users.js'

export interface LocalIdOptions {
  issuer: string
  store: Store
  users: UserDirectory
  keys: SigningKeys
  /** The kit's 32-byte secret (session cookie and forms). */
  secret: string
  /** Show the demo credentials under the sign-in form. */
  showDemoCredentials?: boolean | undefined
}

/** Builds Local ID. */
export function createLocalId(o: LocalIdOptions): Promise<IdentityProvider> {
  return createIdentityProvider({
    issuer: o.issuer,
    store: o.store,
    keys: o.keys,
    secret: o.secret,
    accounts: o.users,
    branding: {
      name: 'Local ID',
      mark: 'ID',
      footer: 'An authspec AuthorizationServer and OpenID Provider',
      loginNote: o.showDemoCredentials
        ? `Demo account: ${DEMO_USER.username} / ${DEMO_USER.password}`
        : undefined,
    },
  })
}
