import { z } from 'zod'
import { HOST_NAME } from './lib/bind-hosts.js'

/**
 * The zod schema of a provider spec: field shapes only. Checks across fields (a default scope
 * that is not declared, a path placeholder without a parameter, a missing docs link) live in
 * `validate-spec.ts`, where they can name the exact field.
 */

/** https, or http to a loopback host (a provider run locally, RFC 8252 §7.3). */
function secureUrl(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || url.hostname.startsWith('127.')
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopback)
}

const HTTPS = 'must be an absolute https URL (http only for loopback)'

const https = z.string().refine(secureUrl, HTTPS)

/** An https URL that may contain `{placeholder}`s. */
const httpsTemplate = z.string().refine((v) => secureUrl(v.replace(/\{[^}]*\}/g, 'x')), HTTPS)

const description = z.string().min(1, 'must be a non-empty description')

/** A name that becomes a TypeScript member: an operation's method, a config option. */
const identifier = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase identifier')

/** A host name with an optional port (`dev-123.okta.com`, `gitlab.example.com:8443`). */
const hostValue = z.string().regex(HOST_NAME, 'must be a host name such as "dev-123.okta.com"')

const hosts = z.record(
  z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase option name'),
  z.strictObject({ description, example: hostValue, default: hostValue.optional() }),
)
const clientAuthMethod = z.enum([
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
])
// One method, or every method the provider documents (`none` where it has public clients).
const clientAuth = z.union([clientAuthMethod, z.array(clientAuthMethod).min(1)])
const delimiter = z.enum([' ', ','])
const fieldType = z.enum(['string', 'number', 'boolean'])
const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name')

// Every URL may name `{host}` options (`hosts`); validate-spec checks that each is declared.
const endpoints = z.strictObject({
  authorization: httpsTemplate.optional(),
  token: httpsTemplate.optional(),
  refresh: httpsTemplate.optional(),
  revocation: httpsTemplate.optional(),
  userinfo: httpsTemplate.optional(),
  device: httpsTemplate.optional(),
  jwks: httpsTemplate.optional(),
  introspection: httpsTemplate.optional(),
})

const scopes = z.strictObject({
  supported: z.record(
    z.string().regex(/^\S+$/, 'a scope name has no spaces'),
    z.strictObject({ description }),
  ),
  defaults: z.array(z.string()),
  requestDelimiter: delimiter,
  responseDelimiter: delimiter,
  emailScopes: z.array(z.string()).optional(),
  profileRequires: z.array(z.string()).min(1).optional(),
  allowUnlisted: z.boolean().optional(),
})

const paramName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a snake_case parameter name')

const claimName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a claim name')

const authorizationParam = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('string'),
    description,
    checkClaim: claimName.optional(),
    default: z.string().min(1).optional(),
  }),
  z.strictObject({ type: z.literal('boolean'), description }),
  z.strictObject({
    type: z.literal('enum'),
    values: z.array(z.string().min(1)).min(1),
    description,
    checkClaim: claimName.optional(),
    default: z.string().min(1).optional(),
  }),
])

const tokenRequest = z.strictObject({
  acceptJson: z.boolean().optional(),
  sendState: z.boolean().optional(),
  sendScope: z.boolean().optional(),
  jsonBody: z.boolean().optional(),
  extraParams: z.record(paramName, z.string().min(1)).optional(),
})

const tokenResponse = z.strictObject({
  errorsWithStatus200: z.boolean().optional(),
  formEncoded: z.boolean().optional(),
  defaultTokenType: z.string().min(1).optional(),
  extraFields: z.record(paramName, fieldType).optional(),
  expiresIn: z
    .strictObject({ zeroMeansNever: z.boolean().optional(), asString: z.boolean().optional() })
    .optional(),
  echoesState: z.boolean().optional(),
  unwrap: paramName.optional(),
})

const zodSchema = z.custom<z.ZodType>(
  (v) =>
    typeof v === 'object' && v !== null && typeof (v as { safeParse?: unknown }).safeParse === 'function',
  'must be a zod schema',
)

const callback = z.strictObject({
  echoParams: z.array(paramName).optional(),
  issuer: z.strictObject({ value: httpsTemplate, required: z.boolean() }).optional(),
  responseMode: z.literal('form_post').optional(),
  data: z.record(paramName, zodSchema).optional(),
})

/** JWS algorithms an ID token may be signed with (RFC 7518 §3.1), never `none`. */
const jwsAlg = z.enum([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
])

const idToken = z.strictObject({
  algorithms: z.array(jwsAlg).min(1).optional(),
  issuerTemplate: httpsTemplate.optional(),
})

const signedClientSecret = z.strictObject({
  alg: z.literal('ES256'),
  audience: https,
  lifetime: z.number().int().min(1).max(15_777_000),
})

const revocation = z.strictObject({
  method: z.enum(['POST', 'DELETE']),
  url: httpsTemplate,
  auth: clientAuthMethod,
  body: z.enum(['form', 'json', 'query']),
  tokenParam: paramName,
  sendClientId: z.boolean().optional(),
  sendTokenTypeHint: z.boolean().optional(),
})

const operationParam = z.strictObject({
  in: z.enum(['path', 'query', 'body']),
  type: fieldType,
  description,
  required: z.boolean().optional(),
  from: z.enum(['clientId', 'accessToken']).optional(),
})

const operation = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().regex(/^\/\S*$/, 'must start with "/"'),
  description,
  params: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'must be a parameter name'), operationParam)
    .optional(),
  body: z.enum(['form', 'json']).optional(),
  response: zodSchema,
})

const api = z.strictObject({
  baseUrl: httpsTemplate,
  headers: z.record(headerName, z.string()).optional(),
  query: z.record(paramName, z.string()).optional(),
  clientIdHeader: headerName.optional(),
  keyHeader: z
    .strictObject({
      name: headerName,
      option: identifier,
      description,
    })
    .optional(),
  auth: z
    .discriminatedUnion('in', [
      z.strictObject({ in: z.literal('header') }),
      z.strictObject({ in: z.enum(['query', 'body']), name: paramName }),
    ])
    .optional(),
  unwrap: z.string().min(1).optional(),
  errorShape: z
    .strictObject({ field: z.string().min(1), code: z.string().optional(), message: z.string().optional() })
    .optional(),
  operations: z.record(identifier, operation),
})

const oauth1 = z.strictObject({
  endpoints: z.strictObject({ temporaryCredentials: https, authorization: https, tokenCredentials: https }),
  signatureMethod: z.enum(['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'RSA-SHA256', 'PLAINTEXT']),
  placement: z.enum(['header', 'query', 'body']),
  credentialsMethod: z.enum(['POST', 'GET']).optional(),
})

/** Shape of a provider spec as zod checks it. */
export const ProviderSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be lowercase kebab-case'),
  displayName: z.string().min(1, 'must be non-empty'),
  protocol: z.enum(['oauth2', 'oidc', 'oauth1']),
  hosts: hosts.optional(),
  issuer: httpsTemplate.optional(),
  issuerAtRuntime: z.boolean().optional(),
  endpoints: endpoints.optional(),
  scopes,
  clientAuth,
  signedClientSecret: signedClientSecret.optional(),
  clientIdParam: paramName.optional(),
  pkce: z.enum(['unsupported', 'supported', 'required']),
  pkceMethod: z.enum(['S256', 'plain']).optional(),
  refresh: z.literal('unsupported').optional(),
  authorizationParams: z.record(paramName, authorizationParam).optional(),
  tokenRequest: tokenRequest.optional(),
  tokenResponse: tokenResponse.optional(),
  callback: callback.optional(),
  idToken: idToken.optional(),
  revocation: revocation.optional(),
  api: api.optional(),
  oauth1: oauth1.optional(),
  profile: z.custom<(...args: never[]) => unknown>(
    (v) => typeof v === 'function',
    'must be a function (ctx) => profile',
  ),
  docs: z.record(z.string(), https),
})
