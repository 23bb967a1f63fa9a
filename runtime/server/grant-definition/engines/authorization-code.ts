import { sha256Base64url } from '../../../lib/random.js'
import type { AuthorizationCodeRecord, ClientRecord } from '../../../storage/store.js'
import { serverError } from '../../errors.js'
import {
  type AuthorizationCodeStorage,
  authorizationCodeGrant,
  revokeReplayedCode,
} from '../../grants/authorization-code.js'
import type { AuthenticatedUser } from '../../types.js'
import { type EngineHooks, hook } from '../hook.js'
import type { GrantDefinitionInput } from '../schema.js'
import type { DefinedGrant } from '../types.js'
import { authorizeRequest, withRequestPolicy } from './request-policy.js'
import { defined } from './shared.js'

/**
 * The authorization code engine's hooks (request policy, code storage and the user at exchange
 * time): the one source of `AuthorizationCodeEngineHooks` and its generated stub.
 */
export const authorizationCodeHooks = {
  authorizeRequest: authorizeRequest('RFC 6749 §4.1.1'),
  saveAuthorizationCode: hook<{ record: AuthorizationCodeRecord; client: ClientRecord }, void>(
    'RFC 6749 §4.1.2',
    'Stores a new code record (keyed by codeHash) as given; the runtime already hashed the code.',
  ),
  queryAuthorizationCode: hook<
    { codeHash: string; client: ClientRecord },
    AuthorizationCodeRecord | undefined
  >(
    'RFC 6749 §4.1.3',
    'Loads the record saved for codeHash exactly as saved; undefined when unknown or deleted.',
  ),
  deleteAuthorizationCode: hook<{ record: AuthorizationCodeRecord }, void>(
    'RFC 6749 §4.1.2',
    'Deletes a code once it is exchanged (the runtime refuses a second use even if it stays).',
  ),
  authenticateUser: hook<
    { sub: string; client: ClientRecord; record: AuthorizationCodeRecord },
    AuthenticatedUser | undefined
  >(
    'RFC 6749 §4.1.3',
    'The user behind the code at exchange time; undefined (user gone or disabled) answers invalid_grant.',
  ),
}
export type AuthorizationCodeEngineHooks = EngineHooks<typeof authorizationCodeHooks>

/** How long a used code is remembered after it expires, so a replay still revokes its tokens (seconds). */
const USED_RETENTION = 3600

/**
 * The grant family of a code, derived from its hash so a replay can revoke the family even after
 * the app deleted the code.
 */
function grantIdOf(codeHash: string): Promise<string> {
  return sha256Base64url(`authspec:code-grant:${codeHash}`)
}

/** A digest of every field a check depends on; the app must hand back exactly what it was given. */
async function fingerprint(r: AuthorizationCodeRecord): Promise<string> {
  const fields = [
    r.codeHash,
    r.clientId,
    r.redirectUri,
    r.redirectUriOmitted,
    r.grantId,
    r.sub,
    r.scope,
    r.expiresAt,
    r.authTime,
    r.acr,
    r.nonce,
    r.claims,
    r.codeChallenge,
    r.codeChallengeMethod,
  ]
  return sha256Base64url(JSON.stringify(fields.map((f) => f ?? null)))
}

/**
 * Code storage through the app's hooks. The server's store keeps only two one-time markers per
 * code (its fingerprint at issue, its use at exchange), so single use, replay revocation and the
 * integrity of the PKCE challenge, client and redirect URI hold whatever the hooks return.
 */
function hookStorage(hooks: AuthorizationCodeEngineHooks): AuthorizationCodeStorage {
  return {
    async save(issued, ctx) {
      const { server } = ctx
      const record = { ...issued, grantId: ctx.code.grantId ?? (await grantIdOf(issued.codeHash)) }
      const fresh = await server.store.useOnce(
        `authorization_code:${await fingerprint(record)}`,
        record.expiresAt + 60,
        server.now(),
      )
      if (!fresh) throw serverError('server_error', 'the authorization code could not be issued')
      await hooks.saveAuthorizationCode({ record: structuredClone(record), client: ctx.client })
    },

    async consume(codeHash, ctx) {
      const { server, client } = ctx
      const now = server.now()
      const used = `authorization_code_used:${codeHash}`
      const record = await hooks.queryAuthorizationCode({ codeHash, client })
      if (!record || record.codeHash !== codeHash) {
        // Unknown to the app: a replay when this server saw the code used (the marker set here for
        // a code it never saw lapses at once).
        if (!(await server.store.useOnce(used, now + 1, now))) {
          throw await revokeReplayedCode(server, client.clientId, await grantIdOf(codeHash))
        }
        return undefined
      }
      // An expired code is refused by the grant; a live one must match its fingerprint.
      const intact =
        record.expiresAt <= now ||
        !(await server.store.useOnce(`authorization_code:${await fingerprint(record)}`, now + 1, now))
      if (!(await server.store.useOnce(used, Math.max(record.expiresAt, now) + USED_RETENTION, now))) {
        const grantId = intact ? record.grantId : await grantIdOf(codeHash)
        throw await revokeReplayedCode(server, client.clientId, grantId)
      }
      if (!intact) {
        throw serverError('invalid_grant', 'the stored authorization code does not match the one issued')
      }
      await hooks.deleteAuthorizationCode({ record: structuredClone(record) })
      const user = await hooks.authenticateUser({ sub: record.sub, client, record: structuredClone(record) })
      if (user?.sub !== record.sub) {
        throw serverError('invalid_grant', 'the user of the authorization code is no longer valid')
      }
      return { record, replayed: false }
    },
  }
}

/**
 * The authorization code engine: the runtime's grant (single-use hashed codes bound to client and
 * redirect URI, PKCE, OpenID, replay revocation) with the app's request policy before consent,
 * the app's own code storage (save, query, delete) and its check of the user at exchange time.
 * @example
 * const { grant, extensions } = authorizationCodeEngine(definition, hooks)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function authorizationCodeEngine(
  def: GrantDefinitionInput,
  hooks: AuthorizationCodeEngineHooks,
): DefinedGrant {
  return defined(def, withRequestPolicy(authorizationCodeGrant({ codes: hookStorage(hooks) }), hooks))
}
