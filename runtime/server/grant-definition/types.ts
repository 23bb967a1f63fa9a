import type { Grant, GrantExtension } from '../types.js'
import type { GrantDefinitionInput } from './schema.js'

export type { JSONWebKeySet } from 'jose'
export type { AuthorizationCodeRecord, ClientRecord } from '../../storage/store.js'
export type { AuthenticatedUser, UserClaims } from '../types.js'

/** What a custom grant's `resolveGrant` hook returns: who the token is for and its scopes. */
export interface GrantResolution {
  /** The end-user the token is issued for; omit for a client-only token. */
  sub?: string | undefined
  /** Scopes granted; default: the requested ones (which must be registered for the client). */
  scopes?: readonly string[] | undefined
}

/** A validated subject or actor token in token exchange (RFC 8693 §2.1). */
export interface SubjectToken {
  /** `subject_token_type` / `actor_token_type` as sent. */
  tokenType: string
  sub: string
  /** Scopes the token carried (empty for external JWTs without `scope`). */
  scopes: readonly string[]
  /** Issuer of a JWT subject token; this server for its own access tokens. */
  issuer: string
  clientId?: string | undefined
}

/** A grant built from a definition, ready for `server.registerGrant(grant, extensions)`. */
export interface DefinedGrant {
  readonly name: string
  readonly definition: GrantDefinitionInput
  readonly grant: Grant
  readonly extensions: readonly GrantExtension[]
}

/** Anything hooks may return: the value or a promise of it. */
export type HookResult<T> = T | Promise<T>
