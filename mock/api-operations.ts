import type { ApiSpec } from '../runtime/provider/spec-types.js'
import { fixtureFor } from './fixture.js'
import { header, json, type MockResponse } from './serve.js'
import { pathOf, pathPattern } from './spec-routes.js'
import type { MockRequest } from './types.js'

/** The value a spec's `api.keyHeader` must carry: the mock's credentials give it as the option. */
export const MOCK_API_KEY = 'mock-api-key'

/** Where API operations are served: `<base>/api` stands in for `api.baseUrl`. */
export const API_PREFIX = '/api'

/**
 * The path of the operation a request calls, or undefined when it calls none: under the path of
 * the spec's `api.baseUrl` (what a `hostMap` client sends, e.g. Discord's `/api/v10/users/@me`),
 * else under `/api` (what `endpointOverrides.api` names).
 */
export function operationPath(api: ApiSpec, method: string, pathname: string): string | undefined {
  for (const prefix of [pathOf(api.baseUrl), API_PREFIX]) {
    if (!pathname.startsWith(`${prefix}/`)) continue
    const rest = pathname.slice(prefix.length)
    if (Object.values(api.operations).some((op) => op.method === method && pathPattern(op.path).test(rest))) {
      return rest
    }
  }
  return undefined
}

/** A path under `/api` that names no operation, answered with the API's own 404. */
export function apiFallback(pathname: string): string | undefined {
  return pathname.startsWith(`${API_PREFIX}/`) ? pathname.slice(API_PREFIX.length) : undefined
}

/**
 * Answers an API call the provider's way: the operation matched by method and path, the spec's
 * required headers and query parameters enforced, the caller authenticated by `authenticate`,
 * then data valid under the operation's zod schema, wrapped in `api.unwrap` when there is one.
 * Errors take the spec's `errorShape` (with HTTP 200 when the provider wraps its answers).
 */
export async function answerOperation(
  api: ApiSpec,
  req: MockRequest,
  path: string,
  authenticate: (req: MockRequest) => Promise<boolean> | boolean,
): Promise<MockResponse> {
  const found = Object.entries(api.operations).find(
    ([, op]) => op.method === req.method && pathPattern(op.path).test(path),
  )
  if (!found) return apiError(api, 404, 'not_found', `no operation ${req.method} ${path}`)
  for (const [name, value] of Object.entries(api.headers ?? {})) {
    if (name.toLowerCase() === 'accept') continue
    if (!header(req, name))
      return apiError(api, 403, 'missing_header', `${name} header is required (${value})`)
  }
  if (api.clientIdHeader && !header(req, api.clientIdHeader)) {
    return apiError(api, 401, 'missing_client_id', `${api.clientIdHeader} header is required`)
  }
  const key = api.keyHeader
  if (key && header(req, key.name) !== MOCK_API_KEY) {
    return apiError(api, 401, 'invalid_api_key', `${key.name} must carry the app's ${key.option}`)
  }
  const [, op] = found
  const fixed = new URLSearchParams(op.path.split('?')[1]).keys()
  for (const name of [...Object.keys(api.query ?? {}), ...fixed]) {
    if (!req.url.searchParams.has(name)) return apiError(api, 400, 'missing_parameter', `${name} is required`)
  }
  if (!(await authenticate(req)))
    return apiError(api, 401, 'invalid_token', 'a valid access token is required')
  const data = fixtureFor(op.response, found[0])
  return json(200, api.unwrap ? { [api.unwrap]: data } : data)
}

function apiError(api: ApiSpec, status: number, code: string, message: string): MockResponse {
  const shape = api.errorShape
  if (!shape) return json(status, { message })
  const body: Record<string, unknown> = {}
  setPath(body, shape.field, {})
  if (shape.code) setPath(body, shape.code, code)
  if (shape.message) setPath(body, shape.message, message)
  // Providers with an error shape in the body (VK) send it with HTTP 200.
  return json(api.unwrap ? 200 : status, body)
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {}
    node = node[part] as Record<string, unknown>
  }
  node[parts.at(-1)!] = value
}
