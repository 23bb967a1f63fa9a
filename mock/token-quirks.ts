import type { ProviderSpec } from '../runtime/provider/spec-types.js'

/** A token endpoint answer of the mock before it is sent; the quirks amend it. */
export interface MockTokenAnswer {
  status: number
  body: Record<string, unknown>
  encoding: 'json' | 'form'
}

/** What the answer quirks know of the request. */
export interface MockTokenContext {
  readonly request: URLSearchParams
  /** The request's `Accept` names JSON. */
  readonly wantsJson: boolean
}

/**
 * What one spec field does to the mock's token endpoint: refuse a request the provider would
 * refuse, or shape the answer (success and error alike; a hook checks which it has).
 */
export interface MockTokenQuirk {
  /** Why the provider would refuse this request, or undefined. */
  refuse?: ((spec: ProviderSpec, request: MockTokenRequest) => string | undefined) | undefined
  answer?: ((spec: ProviderSpec, answer: MockTokenAnswer, ctx: MockTokenContext) => void) | undefined
}

/** What the refusal quirks read of a token request. */
export interface MockTokenRequest {
  readonly params: URLSearchParams
  /** The body was sent as JSON. */
  readonly json: boolean
}

interface Hooks<V> {
  refuse?(value: V | undefined, request: MockTokenRequest): string | undefined
  answer?(value: V | undefined, answer: MockTokenAnswer, ctx: MockTokenContext): void
}

/** A quirk whose hooks see only the value of the field it is keyed by. */
function quirk<V>(read: (spec: ProviderSpec) => V | undefined, hooks: Hooks<V>): MockTokenQuirk {
  const { refuse, answer } = hooks
  return {
    refuse: refuse && ((spec, request) => refuse(read(spec), request)),
    answer: answer && ((spec, out, ctx) => answer(read(spec), out, ctx)),
  }
}

const isError = (answer: MockTokenAnswer) => 'error' in answer.body

/**
 * The mock's owner of every `tokenRequest.*` and `tokenResponse.*` field, keyed by spec path and
 * applied in this order by the token endpoint (`formEncoded` before `acceptJson`, which may turn
 * a form answer back into JSON). `runtime/provider/spec-fields.ts` names this table as their mock
 * owner and a test holds the two to the same keys.
 */
export const MOCK_TOKEN_QUIRKS = {
  'tokenRequest.sendState': quirk((s) => s.tokenRequest?.sendState, {
    refuse: (on, request) => (on && !request.params.has('state') ? 'state is required' : undefined),
  }),
  'tokenRequest.sendScope': quirk((s) => s.tokenRequest?.sendScope, {
    refuse: (on, request) => (on && !request.params.has('scope') ? 'scope is required' : undefined),
  }),
  'tokenRequest.jsonBody': quirk((s) => s.tokenRequest?.jsonBody, {
    // Notion reads a JSON body only; a form is refused as a plain client's would be.
    refuse: (on, request) => (on && !request.json ? 'the body must be JSON' : undefined),
  }),
  'tokenRequest.extraParams': quirk((s) => s.tokenRequest?.extraParams, {
    refuse: (params, request) => {
      for (const [name, value] of Object.entries(params ?? {})) {
        if (request.params.get(name) !== value) return `${name} must be ${value}`
      }
      return undefined
    },
  }),
  'tokenResponse.formEncoded': quirk((s) => s.tokenResponse?.formEncoded, {
    answer: (on, answer) => {
      if (on) answer.encoding = 'form'
    },
  }),
  'tokenRequest.acceptJson': quirk((s) => s.tokenRequest?.acceptJson, {
    // The provider answers form-encoded unless asked for JSON (GitHub).
    answer: (on, answer, ctx) => {
      if (on) answer.encoding = ctx.wantsJson ? 'json' : 'form'
    },
  }),
  'tokenResponse.errorsWithStatus200': quirk((s) => s.tokenResponse?.errorsWithStatus200, {
    answer: (on, answer) => {
      if (on && isError(answer)) answer.status = 200
    },
  }),
  'tokenResponse.defaultTokenType': quirk((s) => s.tokenResponse?.defaultTokenType, {
    answer: (fallback, answer) => {
      if (fallback && !isError(answer)) delete answer.body['token_type']
    },
  }),
  'tokenResponse.extraFields': quirk((s) => s.tokenResponse?.extraFields, {
    answer: (fields, answer) => {
      if (isError(answer)) return
      for (const [name, type] of Object.entries(fields ?? {})) {
        answer.body[name] = type === 'number' ? 1 : type === 'boolean' ? true : `mock-${name}`
      }
    },
  }),
  'tokenResponse.expiresIn.zeroMeansNever': quirk((s) => s.tokenResponse?.expiresIn?.zeroMeansNever, {
    // A token that never expires (mock option `expiresIn: 0`): the provider writes 0; RFC 6749
    // §5.1 leaves the member out.
    answer: (on, answer) => {
      if (!on && answer.body['expires_in'] === 0) delete answer.body['expires_in']
    },
  }),
  'tokenResponse.expiresIn.asString': quirk((s) => s.tokenResponse?.expiresIn?.asString, {
    answer: (on, answer) => {
      const value = answer.body['expires_in']
      if (on && typeof value === 'number') answer.body['expires_in'] = String(value)
    },
  }),
  'tokenResponse.unwrap': quirk((s) => s.tokenResponse?.unwrap, {
    // Withings: `{ status: 0, body: {…tokens} }`; an error `{ status: <code>, body: {}, error }`, HTTP 200.
    answer: (member, answer) => {
      if (!member) return
      const failed = isError(answer)
      const { error } = answer.body
      answer.body = failed
        ? { status: 503, [member]: {}, error: String(error) }
        : { status: 0, [member]: answer.body }
    },
  }),
  'tokenResponse.echoesState': quirk((s) => s.tokenResponse?.echoesState, {
    answer: (on, answer, ctx) => {
      const sent = ctx.request.get('state')
      if (on && !isError(answer) && sent !== null) answer.body['state'] = sent
    },
  }),
} as const satisfies Readonly<Record<string, MockTokenQuirk>>

const QUIRKS = Object.values(MOCK_TOKEN_QUIRKS)

/** The first reason a quirk gives to refuse the request. */
export function refusal(spec: ProviderSpec, request: MockTokenRequest): string | undefined {
  for (const q of QUIRKS) {
    const why = q.refuse?.(spec, request)
    if (why) return why
  }
  return undefined
}

/** The answer with every quirk applied, in table order. */
export function shapeAnswer(
  spec: ProviderSpec,
  answer: MockTokenAnswer,
  ctx: MockTokenContext,
): MockTokenAnswer {
  for (const q of QUIRKS) q.answer?.(spec, answer, ctx)
  return answer
}
