import { z } from 'zod'

/** The protocol engines a definition can be wired to; each runs the protocol, hooks do the rest. */
export const GRANT_ENGINES = [
  'authorization_code',
  'implicit',
  'password',
  'client_credentials',
  'refresh_token',
  'device_code',
  'token_exchange',
  'jwt_bearer',
  'custom',
] as const
export type GrantEngine = (typeof GRANT_ENGINES)[number]

export const CLIENT_AUTH_METHODS = [
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'none',
] as const

/** Named types a custom hook's input or output may use besides primitives (from `./types.js`). */
export const HOOK_NAMED_TYPES = [
  'ClientRecord',
  'AuthorizationCodeRecord',
  'AuthenticatedUser',
  'UserClaims',
  'JSONWebKeySet',
  'GrantResolution',
  'SubjectToken',
] as const

const PRIMITIVES = ['string', 'number', 'boolean', 'undefined', 'null', 'void', 'readonly', 'unknown']

/** A TypeScript type written as text; only primitives and `HOOK_NAMED_TYPES` may appear. */
const TypeExpr = z
  .string()
  .min(1)
  .refine(
    (text) =>
      /^[A-Za-z0-9_ |[\]<>{}:;,?'"]+$/.test(text) &&
      (text.match(/\b[A-Za-z_][A-Za-z0-9_]*\b(?!\s*[?]?:)/g) ?? []).every(
        (word) => PRIMITIVES.includes(word) || (HOOK_NAMED_TYPES as readonly string[]).includes(word),
      ),
    {
      message: `must be a TypeScript type using only primitives and ${HOOK_NAMED_TYPES.join(', ')}`,
    },
  )

const Identifier = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase identifier')

export const HookDefinitionSchema = z.strictObject({
  /** One line shown on the generated interface member and the scaffolded method. */
  doc: z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !s.includes('\n') && !s.includes('*/'), {
      message: 'must be one line without "*/"',
    }),
  /** Where the specification describes what the hook decides, e.g. `RFC 6749 §4.4.2`. */
  rfc: z.string().regex(/^(RFC \d+|OIDC [A-Za-z ]+) §[0-9.]+$/, 'must look like "RFC 6749 §4.1.3"'),
  /** Members of the hook's single input object and their types. */
  input: z.record(Identifier, TypeExpr),
  /** What the hook resolves to. */
  output: TypeExpr,
})

export const ParameterSchema = z.strictObject({
  type: z.enum(['string', 'number', 'scope']),
  required: z.boolean(),
  doc: z.string().min(1).optional(),
})

const GrantTypeSchema = z
  .string()
  .refine((s) => /^[a-z_]+$/.test(s) || /^(urn:[a-z0-9][a-z0-9-]*:[^\s]+|https:\/\/[^\s]+)$/i.test(s), {
    message: 'must be a registered grant type (e.g. client_credentials) or an absolute URI for extensions',
  })

export const GrantDefinitionSchema = z.strictObject({
  /** File-safe name: `grants/<name>.ts`, `generated/grants/<name>.ts`. */
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case, e.g. token_exchange'),
  /** `grant_type` at the token endpoint; a URI for extension grants (RFC 6749 §4.5). */
  grantType: GrantTypeSchema.optional(),
  /** `response_type` at the authorization endpoint (authorization_code, implicit). */
  responseType: z.enum(['code', 'token']).optional(),
  engine: z.enum(GRANT_ENGINES),
  /** Extensions registered with the grant. */
  extensions: z.array(z.enum(['pkce', 'openid'])).default([]),
  /** Request parameters the grant reads (besides grant_type and client authentication). */
  parameters: z.record(
    z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a snake_case parameter name'),
    ParameterSchema,
  ),
  /** How clients may authenticate for this grant. */
  clientAuthentication: z.array(z.enum(CLIENT_AUTH_METHODS)).min(1),
  issuesRefreshToken: z.boolean(),
  issuesIdToken: z.boolean(),
  /**
   * A custom grant's hooks (its choice: `resolveGrant`, which the engine calls, and any others
   * the app wants typed); a built-in engine's hooks are its own and are not declared here.
   */
  hooks: z.record(Identifier, HookDefinitionSchema).default({}),
  /** RFC 6749 §5.2 / extension error codes this grant can answer with. */
  errors: z.array(z.string().regex(/^[a-z_]+$/, 'must be an error code like invalid_grant')).min(1),
  /** One line for documentation and the generated factory. */
  description: z.string().min(1),
  /** Where the grant is specified, e.g. `RFC 8693 §2`. */
  rfc: z.string().min(1),
})

/** A grant definition as written in `grants/<name>.ts`. */
export type GrantDefinitionInput = z.input<typeof GrantDefinitionSchema>
/** A validated grant definition. */
export type GrantDefinition = z.output<typeof GrantDefinitionSchema>
export type HookDefinition = z.output<typeof HookDefinitionSchema>
