import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { SpecError } from '../../runtime/errors.js'
import { defineProvider } from '../../runtime/provider/define-provider.js'
import { findSpecProblems, validateSpec } from '../../runtime/provider/validate-spec.js'

const FILE = 'providers/acme.ts'
const DOC = 'https://acme.example/docs'

const base = defineProvider({
  id: 'acme',
  displayName: 'Acme',
  protocol: 'oauth2',
  endpoints: { authorization: 'https://acme.example/authorize', token: 'https://acme.example/token' },
  scopes: {
    supported: { read: { description: 'Read' }, 'user:email': { description: 'Email' } },
    defaults: ['read'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  api: {
    baseUrl: 'https://api.acme.example',
    operations: {
      getUser: {
        method: 'GET',
        path: '/users/{id}',
        description: 'A user',
        params: { id: { in: 'path', type: 'string', description: 'User id' } },
        response: z.object({ id: z.string() }),
      },
    },
  },
  profile: async ({ api }) => {
    const u = await api.getUser({ id: 'me' })
    return { id: u.id, name: null, email: null, emailVerified: false, avatarUrl: null, raw: u }
  },
  docs: { endpoints: DOC, scopes: DOC, clientAuth: DOC, pkce: DOC, api: DOC },
})

type Patch = (spec: Record<string, unknown>) => void
const set =
  (path: string, value: unknown): Patch =>
  (spec) => {
    const keys = path.split('/')
    let node = spec
    for (const k of keys.slice(0, -1)) {
      node[k] = { ...(node[k] as object) }
      node = node[k] as Record<string, unknown>
    }
    if (value === undefined) delete node[keys.at(-1)!]
    else node[keys.at(-1)!] = value
  }

function apply(...patches: Patch[]): unknown {
  const spec = structuredClone({ ...base, profile: undefined, api: undefined }) as Record<string, unknown>
  spec.profile = base.profile
  spec.api = { ...base.api, operations: { getUser: { ...base.api?.operations.getUser } } }
  for (const p of patches) p(spec)
  return spec
}

const cases: [string, Patch[], string][] = [
  [
    'unknown top-level field',
    [set('scoeps', {})],
    'providers/acme.ts:scoeps: unknown field (hint: did you mean "scopes"?)',
  ],
  [
    'protocol not in the list',
    [set('protocol', 'OAuth2')],
    'providers/acme.ts:protocol: must be one of "oauth2", "oidc", "oauth1" (hint: did you mean "oauth2"?)',
  ],
  [
    'missing display name',
    [set('displayName', undefined)],
    'providers/acme.ts:displayName: is required (string) (hint: add the field)',
  ],
  [
    'http endpoint',
    [set('endpoints/token', 'http://acme.example/token')],
    'providers/acme.ts:endpoints.token: must be an absolute https URL (http only for loopback) (hint: write the full https:// URL from the provider documentation)',
  ],
  [
    'default scope not declared',
    [set('scopes/defaults', ['raed'])],
    'providers/acme.ts:scopes.defaults[0]: scope "raed" is not declared in scopes.supported (hint: did you mean "read"?)',
  ],
  [
    'scope delimiter',
    [set('scopes/requestDelimiter', '+')],
    'providers/acme.ts:scopes.requestDelimiter: must be one of " ", "," (hint: pick one of the listed values)',
  ],
  [
    'id does not match the file',
    [set('id', 'acme-corp')],
    'providers/acme.ts:id: "acme-corp" does not match the file name "acme" (hint: rename the file or set id: "acme")',
  ],
  [
    'pkce value misspelt',
    [set('pkce', 'require')],
    'providers/acme.ts:pkce: must be one of "unsupported", "supported", "required" (hint: did you mean "required"?)',
  ],
  [
    'public client without PKCE',
    [set('clientAuth', 'none'), set('pkce', 'unsupported')],
    'providers/acme.ts:pkce: a public client (clientAuth "none") must use PKCE (hint: set pkce: "supported" or "required" (RFC 9700 §2.1.1))',
  ],
  [
    'reserved authorization parameter',
    [
      set('authorizationParams', { state: { type: 'string', description: 'x' } }),
      set('docs/authorizationParams', DOC),
    ],
    'providers/acme.ts:authorizationParams.state: is set by the runtime and cannot be redefined (hint: remove "state")',
  ],
  [
    'enum parameter without values',
    [
      set('authorizationParams', { display: { type: 'enum', description: 'x' } }),
      set('docs/authorizationParams', DOC),
    ],
    'providers/acme.ts:authorizationParams.display.values: is required (array) (hint: add the field)',
  ],
  [
    'parameter type unknown',
    [
      set('authorizationParams', { display: { type: 'text', description: 'x' } }),
      set('docs/authorizationParams', DOC),
    ],
    'providers/acme.ts:authorizationParams.display.type: must be one of "string", "boolean", "enum" (hint: use "string", "boolean" or "enum" (with values))',
  ],
  [
    'standard token field as an extra field',
    [set('tokenResponse', { extraFields: { expires_in: 'number' } }), set('docs/tokenResponse', DOC)],
    'providers/acme.ts:tokenResponse.extraFields.expires_in: is a standard token response field (hint: remove "expires_in"; it is always typed)',
  ],
  [
    'quirk without documentation link',
    [set('tokenResponse', { errorsWithStatus200: true })],
    'providers/acme.ts:tokenResponse.errorsWithStatus200: has no documentation link (hint: add docs["tokenResponse.errorsWithStatus200"]: the provider\'s page that states it)',
  ],
  [
    'docs key naming no field',
    [set('docs/tokenRequest.acceptJson', DOC)],
    'providers/acme.ts:docs["tokenRequest.acceptJson"]: names no field of this spec (hint: use the dotted path of a field, e.g. "endpoints.token")',
  ],
  [
    'path placeholder without a parameter',
    [set('api/operations/getUser/path', '/orgs/{org}/users/{id}')],
    'providers/acme.ts:api.operations.getUser.path: placeholder "{org}" has no path parameter (hint: add params.org: { in: "path", type: "string", description: "…" })',
  ],
  [
    'response is not a zod schema',
    [set('api/operations/getUser/response', { id: 'string' })],
    'providers/acme.ts:api.operations.getUser.response: must be a zod schema (hint: use a zod schema such as z.object({ id: z.number() }))',
  ],
  [
    'operation name not an identifier',
    [set('api/operations', { 'get-user': base.api?.operations.getUser })],
    'providers/acme.ts:api.operations["get-user"]: must be a camelCase identifier (hint: operation names become method names, e.g. "getUser")',
  ],
  [
    'profile is not a function',
    [set('profile', { id: 'sub' })],
    'providers/acme.ts:profile: must be a function (ctx) => profile (hint: write profile: async (ctx) => ({ id, name, email, … }))',
  ],
  [
    'no endpoints and no issuer',
    [set('endpoints', undefined), set('docs/endpoints', undefined)],
    'providers/acme.ts:endpoints.authorization: is required when there is no issuer to discover it from (hint: add endpoints.authorization)',
  ],
  [
    'unknown placeholder in the revocation URL',
    [
      set('revocation', {
        method: 'DELETE',
        url: 'https://acme.example/apps/{app}/token',
        auth: 'client_secret_basic',
        body: 'json',
        tokenParam: 'access_token',
      }),
      set('docs/revocation', DOC),
    ],
    'providers/acme.ts:revocation.url: unknown placeholder "{app}" (hint: declare hosts.app; only hosts or {client_id} are replaced)',
  ],
  [
    'unknown nested field',
    [set('api/operations/getUser/query', {})],
    'providers/acme.ts:api.operations.getUser.query: unknown field (hint: remove it; allowed here: body, description, method, params, path, response)',
  ],
]

describe('bad specs fail with file:field.path: message (hint)', () => {
  it('the base spec is valid', () => {
    expect(findSpecProblems(apply(), FILE)).toEqual([])
  })

  it.each(cases)('%s', (_name, patches, want) => {
    const problems = findSpecProblems(apply(...patches), FILE)
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([want]))
  })

  it('validateSpec throws the first problem as a SpecError naming file and path', () => {
    const err = (() => {
      try {
        validateSpec(apply(set('scopes/defaults', ['raed'])), FILE)
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(err).toBeInstanceOf(SpecError)
    expect(err).toMatchObject({ code: 'INVALID_SPEC', file: FILE, path: 'scopes.defaults[0]' })
  })
})
