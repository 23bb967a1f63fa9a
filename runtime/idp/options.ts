import { deriveKey } from '../auth/lib/seal.js'
import { ArgumentError } from '../errors.js'
import { isLoopback } from '../lib/http.js'
import type { AuthorizationServerOptions } from '../server/authorization-server.js'
import type { SigningKeys } from '../server/lib/keys.js'
import type { UserClaims } from '../server/types.js'
import { type KeyEncryptionKey, keyEncryptionKeyBytes } from '../storage/key-vault.js'
import type { Store } from '../storage/store.js'
import type { Branding, KitPaths, Pages } from './pages/index.js'
import { STYLESHEET } from './pages/styles.js'

/** An account as the kit needs it to sign someone in. */
export interface Account {
  /** The stable subject identifier (`sub`). */
  sub: string
  /** A `hashPassword` result. */
  passwordHash: string
  /** Shown on the consent and account pages. Default the login. */
  name?: string | undefined
}

/** The application's users: the only code an application must write. */
export interface AccountsAdapter {
  /** The account a login (username or email) names, if any. */
  findByLogin(login: string): Promise<Account | undefined>
  /** Claims for ID tokens and userinfo; the server releases only what the granted scopes allow. */
  claims(sub: string, scopes: readonly string[]): Promise<UserClaims | undefined>
}

/** Server options the kit leaves to the application (the rest it sets itself). */
export type IdentityProviderServerOptions = Omit<
  AuthorizationServerOptions,
  'issuer' | 'store' | 'keys' | 'findUserClaims' | 'authorize' | 'currentUser' | 'endSession' | 'now'
>

/** Options of `createIdentityProvider`. */
export interface IdentityProviderOptions {
  /** Issuer identifier: https URL (http only for loopback). The kit's pages live under it. */
  issuer: string
  store: Store
  accounts: AccountsAdapter
  /**
   * 32 bytes (base64url, e.g. `randomToken(32)` from `authspec/server`, or raw), kept outside the
   * store: seals the session cookie, the pending request in forms and, when `keys` is not given,
   * the signing keys in the store.
   */
  secret: KeyEncryptionKey
  /** Signing keys. Default: an RS256 key set made on first start and kept sealed in the store. */
  keys?: SigningKeys | undefined
  /** Replace pages one by one; see `defaultPages`. */
  pages?: Partial<Pages> | undefined
  branding?: Partial<Branding> | undefined
  policies?:
    | {
        /** Seconds a sign-in lasts in the browser (the session cookie's lifetime). Default 8 hours. */
        sessionTtl?: number | undefined
      }
    | undefined
  /** Further authorization server options (grants, token lifetimes, registration, …). */
  server?: IdentityProviderServerOptions | undefined
  /** Clock in epoch milliseconds, for tests. */
  now?: (() => number) | undefined
}

/** The options checked and filled in once. */
export interface ResolvedOptions {
  pages: Pages
  branding: Branding
  paths: KitPaths
  secure: boolean
  sessionTtl: number
  now: () => number
  sessionKey: Promise<Uint8Array>
  pendingKey: Promise<Uint8Array>
  keysKey: Promise<Uint8Array>
}

export function resolveOptions(o: IdentityProviderOptions, defaults: Pages): ResolvedOptions {
  if (!o || typeof o !== 'object') throw new ArgumentError('"options" is required')
  const issuer = parseIssuer(o.issuer)
  if (!o.accounts || typeof o.accounts.findByLogin !== 'function' || typeof o.accounts.claims !== 'function')
    throw new ArgumentError('"accounts" must have findByLogin(login) and claims(sub, scopes)')
  let secret: Uint8Array
  try {
    secret = keyEncryptionKeyBytes(o.secret)
  } catch {
    throw new ArgumentError('"secret" must be 32 bytes: a Uint8Array or a base64url string (randomToken(32))')
  }
  const sessionTtl = o.policies?.sessionTtl ?? 8 * 3600
  if (!Number.isInteger(sessionTtl) || sessionTtl <= 0)
    throw new ArgumentError('"policies.sessionTtl" must be a positive whole number of seconds')
  const base = issuer.pathname.replace(/\/+$/, '')
  const name = o.branding?.name ?? 'Identity'
  return {
    pages: { ...defaults, ...o.pages },
    branding: {
      name,
      mark: o.branding?.mark ?? name.slice(0, 1),
      footer: o.branding?.footer ?? `${name} · OpenID Provider`,
      loginNote: o.branding?.loginNote,
      stylesheet: o.branding?.stylesheet ?? STYLESHEET,
    },
    paths: {
      home: `${base}/`,
      login: `${base}/login`,
      consent: `${base}/consent`,
      selectAccount: `${base}/select-account`,
      device: `${base}/device`,
      logout: `${base}/logout`,
      revoke: `${base}/apps/revoke`,
      styles: `${base}/styles.css`,
    },
    secure: issuer.protocol === 'https:',
    sessionTtl,
    now: o.now ?? Date.now,
    sessionKey: deriveKey(secret, 'idp-session'),
    pendingKey: deriveKey(secret, 'idp-pending'),
    keysKey: deriveKey(secret, 'idp-keys'),
  }
}

function parseIssuer(issuer: unknown): URL {
  const url = typeof issuer === 'string' && URL.canParse(issuer) ? new URL(issuer) : undefined
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))))
    throw new ArgumentError('"issuer" must be an absolute https URL (http only for loopback)')
  return url
}
