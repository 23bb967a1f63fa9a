import { checkFailed, OAuthError } from '../../errors.js'
import { errorFromBody } from '../../lib/json-response.js'
import { randomToken } from '../../lib/random.js'
import type { TokenResponse } from '../../oauth2/types.js'
import type { ProviderLoginSpec } from '../spec-types.js'

/** A token request before it is sent, as the request quirks shape it. */
export interface TokenRequestDraft {
  readonly body: URLSearchParams
  readonly headers: Headers
  /** The callback's `state` on a code exchange; undefined on refresh. */
  readonly callbackState: string | undefined
  /** The requested scopes as the authorization request wrote them (for `tokenRequest.sendScope`). */
  readonly scope: string
}

/** A successful (HTTP 200) token answer, decoded once, before the schema reads it. */
export interface DecodedTokenAnswer {
  /** Media type without parameters (`application/json`, `application/x-www-form-urlencoded`). */
  readonly mediaType: string
  readonly body: Readonly<Record<string, unknown>>
}

/**
 * What one spec field does to a token exchange, phase by phase; `tokenCall` runs the phases of
 * every entry of `TOKEN_QUIRKS` in order, so a field acts here or nowhere.
 */
export interface TokenQuirk {
  /** Shapes the request (headers, body members). */
  request?: ((spec: ProviderLoginSpec, draft: TokenRequestDraft) => void) | undefined
  /** Writes the authenticated body for the wire (setting its content type), or leaves it a form. */
  encode?: ((spec: ProviderLoginSpec, draft: TokenRequestDraft) => string | undefined) | undefined
  /** Whether a form-encoded answer may be decoded. */
  allowsForm?: ((spec: ProviderLoginSpec) => boolean) | undefined
  /** Reads the decoded body before the schema: throws to refuse it, returns it (maybe amended). */
  decoded?:
    | ((spec: ProviderLoginSpec, answer: DecodedTokenAnswer) => Readonly<Record<string, unknown>>)
    | undefined
  /** Reads the schema-checked response: throws to refuse it, returns it (maybe amended). */
  validated?:
    | ((spec: ProviderLoginSpec, response: TokenResponse, request: URLSearchParams) => TokenResponse)
    | undefined
}

/** A quirk's hooks as written: they get the value of their own field and the provider's name. */
interface QuirkHooks<V> {
  request?(value: V | undefined, draft: TokenRequestDraft): void
  encode?(value: V | undefined, draft: TokenRequestDraft): string | undefined
  allowsForm?(value: V | undefined): boolean
  decoded?(
    value: V | undefined,
    answer: DecodedTokenAnswer,
    provider: string,
  ): Readonly<Record<string, unknown>>
  validated?(
    value: V | undefined,
    response: TokenResponse,
    request: URLSearchParams,
    provider: string,
  ): TokenResponse
}

/**
 * Builds a quirk whose hooks see only the value of its own field (and the provider's name for
 * messages), so an entry cannot act on a field it is not keyed by.
 */
function quirk<V>(read: (spec: ProviderLoginSpec) => V | undefined, hooks: QuirkHooks<V>): TokenQuirk {
  const { request, encode, allowsForm, decoded, validated } = hooks
  return {
    request: request && ((spec, draft) => request(read(spec), draft)),
    encode: encode && ((spec, draft) => encode(read(spec), draft)),
    allowsForm: allowsForm && ((spec) => allowsForm(read(spec))),
    decoded: decoded && ((spec, answer) => decoded(read(spec), answer, spec.displayName)),
    validated: validated && ((spec, res, req) => validated(read(spec), res, req, spec.displayName)),
  }
}

const invalid = (description: string, claim: string, cause?: unknown) =>
  new OAuthError('INVALID_RESPONSE', {
    error: 'invalid_response',
    error_description: description,
    claim,
    status: 200,
    cause,
  })

/**
 * The client's owner of every `tokenRequest.*` and `tokenResponse.*` field but `extraFields`
 * (read where tokens are built, `token-fields.ts`, so restored tokens get them too), keyed by spec
 * path. Run in this order; `runtime/provider/spec-fields.ts` names this table as their owner and
 * a test holds the two to the same keys.
 */
export const TOKEN_QUIRKS = {
  'tokenRequest.acceptJson': quirk((s) => s.tokenRequest?.acceptJson, {
    // Only where the provider needs it: other providers get what any HTTP client sends.
    request: (on, draft) => {
      if (on) draft.headers.set('accept', 'application/json')
    },
  }),
  'tokenRequest.sendState': quirk((s) => s.tokenRequest?.sendState, {
    // A refresh has no callback state; a fresh one still lets the answer's echo be checked.
    request: (on, draft) => {
      if (on) draft.body.set('state', draft.callbackState ?? randomToken(32))
    },
  }),
  'tokenRequest.sendScope': quirk((s) => s.tokenRequest?.sendScope, {
    request: (on, draft) => {
      if (on) draft.body.set('scope', draft.scope)
    },
  }),
  'tokenRequest.extraParams': quirk((s) => s.tokenRequest?.extraParams, {
    request: (params, draft) => {
      for (const [name, value] of Object.entries(params ?? {})) draft.body.set(name, value)
    },
  }),
  'tokenRequest.jsonBody': quirk((s) => s.tokenRequest?.jsonBody, {
    // Every member a JSON string, as the form would carry it; the credentials stay in the header.
    encode: (on, draft) => {
      if (!on) return undefined
      draft.headers.set('content-type', 'application/json')
      return JSON.stringify(Object.fromEntries(draft.body))
    },
  }),
  'tokenResponse.formEncoded': quirk((s) => s.tokenResponse?.formEncoded, {
    allowsForm: (on) => on === true,
  }),
  'tokenResponse.errorsWithStatus200': quirk((s) => s.tokenResponse?.errorsWithStatus200, {
    // RFC 6749 §5.2 errors come with 400. A 200 carrying `error` is refused either way; only a
    // provider known to answer so gets it reported as its OAuth error, which callers act on.
    decoded: (on, answer, provider) => {
      const error = errorFromBody(answer.body, 200)
      if (!error) return answer.body
      if (on) throw error
      throw invalid(
        `${provider}: HTTP 200 with the OAuth error "${error.error}" (a provider that sends errors with 200 sets tokenResponse.errorsWithStatus200)`,
        'error',
        error,
      )
    },
  }),
  'tokenResponse.unwrap': quirk((s) => s.tokenResponse?.unwrap, {
    // After errorsWithStatus200, which reads the envelope's `error`: what is left must wrap tokens.
    decoded: (member, answer, provider) => {
      if (!member) return answer.body
      const inner = answer.body[member]
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
        return inner as Readonly<Record<string, unknown>>
      }
      throw invalid(`${provider}: the token response has no "${member}" object wrapping the tokens`, member)
    },
  }),
  'tokenResponse.expiresIn.asString': quirk((s) => s.tokenResponse?.expiresIn?.asString, {
    // The shared schema reads "3600" as 3600; RFC 6749 §5.1 asks JSON for a number. Form-encoded
    // answers carry every value as text and are not checked.
    decoded: (on, answer) => {
      const value = answer.body['expires_in']
      if (typeof value !== 'string' || !answer.mediaType.includes('json')) return answer.body
      if (on && /^\d+$/.test(value)) return answer.body
      throw invalid(
        on
          ? `token response field "expires_in" must be a number of seconds, got ${JSON.stringify(value)}`
          : `token response field "expires_in" must be a JSON number, got the string ${JSON.stringify(value)} (a provider that sends strings sets tokenResponse.expiresIn.asString)`,
        'expires_in',
      )
    },
  }),
  'tokenResponse.defaultTokenType': quirk((s) => s.tokenResponse?.defaultTokenType, {
    // Filled in before the schema rather than a derived schema: deriving one (extend, default)
    // costs a client bundle more than the whole token request.
    decoded: (fallback, answer) =>
      fallback && answer.body['token_type'] === undefined
        ? { ...answer.body, token_type: fallback }
        : answer.body,
  }),
  'tokenResponse.expiresIn.zeroMeansNever': quirk((s) => s.tokenResponse?.expiresIn?.zeroMeansNever, {
    // Without the quirk, 0 stays "already expired" as RFC 6749 §5.1 reads.
    validated: (on, response) => {
      if (!on || response.expires_in !== 0) return response
      const { expires_in: _never, ...lasting } = response
      return lasting as TokenResponse
    },
  }),
  'tokenResponse.echoesState': quirk((s) => s.tokenResponse?.echoesState, {
    // A different state means the answer belongs to another request; none at all is accepted.
    validated: (on, response, request, provider) => {
      const sent = request.get('state')
      const echoed = (response as Record<string, unknown>)['state']
      if (!on || echoed === undefined || sent === null || echoed === sent) return response
      throw checkFailed(
        'STATE_MISMATCH',
        `${provider}: the token response carries state ${JSON.stringify(echoed)}, not the one sent`,
        'state',
      )
    },
  }),
} as const satisfies Readonly<Record<string, TokenQuirk>>

/** The spec paths `TOKEN_QUIRKS` owns. */
export type TokenQuirkPath = keyof typeof TOKEN_QUIRKS
