import { ArgumentError, OAuthError } from '../../errors.js'
import { assertSecureUrl, httpRequest } from '../../lib/http.js'
import { decodeBody, describeIssue } from '../../lib/json-response.js'
import type { ApiParams, ProviderClientConfig } from '../client-types.js'
import type { ApiSpec, OperationSpec } from '../spec-types.js'

/** What one API call needs besides the operation. */
export interface ApiCallContext {
  api: ApiSpec
  config: ProviderClientConfig
  accessToken: string
}

/**
 * Calls one API operation of a spec: path, query and body parameters placed as declared, the
 * access token as a Bearer header or a parameter, the spec's headers, then the response
 * unwrapped and zod-validated. Error bodies (at any status, per `errorShape`) become `API_ERROR`.
 */
export async function callApi(
  ctx: ApiCallContext,
  name: string,
  op: OperationSpec,
  params: ApiParams = {},
): Promise<unknown> {
  const { api, config } = ctx
  const base = (config.endpointOverrides?.api ?? api.baseUrl).replace(/\/$/, '')
  // A path may end with the fixed query the provider requires (Patreon's `fields[user]`).
  const [opPath = '', fixedQuery] = op.path.split('?')
  const query = new URLSearchParams(fixedQuery)
  for (const [k, v] of Object.entries(api.query ?? {})) query.set(k, v)
  const body: Record<string, string | number | boolean> = {}
  let path = opPath
  for (const key of Object.keys(params)) {
    if (!op.params?.[key]) throw new ArgumentError(`"params.${key}" is not a parameter of ${name}`)
  }
  for (const [key, p] of Object.entries(op.params ?? {})) {
    const value =
      p.from === 'clientId' ? config.clientId : p.from === 'accessToken' ? ctx.accessToken : params[key]
    if (value === undefined) {
      if (p.required || p.in === 'path') throw new ArgumentError(`"params.${key}" is required by ${name}`)
      continue
    }
    if (p.in === 'path') path = path.replace(`{${key}}`, encodeURIComponent(String(value)))
    else if (p.in === 'query') query.set(key, String(value))
    else body[key] = value
  }
  const headers = new Headers({ accept: 'application/json' })
  for (const [k, v] of Object.entries({ ...api.headers, ...config.headers })) headers.set(k, v)
  // The app's own client id, which the provider wants beside the token (Twitch Helix `Client-Id`).
  if (api.clientIdHeader) headers.set(api.clientIdHeader, config.clientId)
  // The app's key from the config, which the provider wants beside the token (Bungie `X-API-Key`).
  if (api.keyHeader) headers.set(api.keyHeader.name, configKey(config, api.keyHeader.option))
  const auth = api.auth ?? { in: 'header' }
  if (auth.in === 'header') headers.set('authorization', `Bearer ${ctx.accessToken}`)
  else if (auth.in === 'query') query.set(auth.name, ctx.accessToken)
  else body[auth.name] = ctx.accessToken

  const url = assertSecureUrl(`${base}${path}`, 'api.baseUrl', config)
  if ([...query].length > 0) url.search = query.toString()
  const init: RequestInit = { method: op.method, headers }
  if (Object.keys(body).length > 0) {
    if (op.body === 'json') {
      headers.set('content-type', 'application/json')
      init.body = JSON.stringify(body)
    } else {
      headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
      init.body = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString()
    }
  }
  const res = await httpRequest(url, init, config)
  const ok = res.status >= 200 && res.status < 300
  let decoded: unknown
  try {
    decoded = res.status === 204 ? null : decodeBody(res)
  } catch (cause) {
    if (ok) throw cause
    throw apiError(name, op, res.status, undefined, undefined, cause)
  }
  const shape = api.errorShape
  if (!ok || (shape && get(decoded, shape.field) !== undefined)) {
    const code = shape?.code ? get(decoded, shape.code) : undefined
    const message = shape?.message ? get(decoded, shape.message) : get(decoded, 'message')
    throw apiError(name, op, res.status, code, message)
  }
  const value = api.unwrap ? get(decoded, api.unwrap) : decoded
  const parsed = op.response.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)'
  throw new OAuthError('INVALID_RESPONSE', {
    error: 'invalid_response',
    error_description: `${name} (${op.method} ${op.path}): response field "${field}": ${describeIssue(issue)}`,
    claim: field,
    status: res.status,
    cause: parsed.error,
  })
}

/** The factory option a `keyHeader` names: the generated type requires it, this refuses it missing. */
function configKey(config: ProviderClientConfig, option: string): string {
  const value: unknown = (config as unknown as Record<string, unknown>)[option]
  if (typeof value !== 'string' || value === '') throw new ArgumentError(`"${option}" is required by the API`)
  return value
}

function apiError(
  name: string,
  op: OperationSpec,
  status: number,
  code: unknown,
  message: unknown,
  cause?: unknown,
) {
  const text = typeof message === 'string' ? message : `HTTP ${status}`
  return new OAuthError('API_ERROR', {
    error: code === undefined ? `http_${status}` : String(code),
    error_description: `${name} (${op.method} ${op.path}): ${text}`,
    status,
    cause,
  })
}

/** Reads a dot path (`error.error_code`) from a decoded body. */
function get(value: unknown, path: string): unknown {
  let node = value
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}
