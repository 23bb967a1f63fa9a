/**
 * Grant definitions: the schema, validation, the engines generated grant factories wire hooks
 * into (each engine's hook table is the one source of its hook type), and the metadata they imply.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export { defineGrant } from '../define-grant.js'
export {
  type AuthorizationCodeEngineHooks,
  authorizationCodeEngine,
  authorizationCodeHooks,
} from './engines/authorization-code.js'
export {
  type ClientCredentialsEngineHooks,
  clientCredentialsEngine,
  clientCredentialsHooks,
} from './engines/client-credentials.js'
export { type CustomEngineHooks, customEngine, RESOLVE_GRANT } from './engines/custom.js'
export { type DeviceCodeEngineHooks, deviceCodeEngine, deviceCodeHooks } from './engines/device-code.js'
export { type ImplicitEngineHooks, implicitEngine, implicitHooks } from './engines/implicit.js'
export { type JwtBearerEngineHooks, jwtBearerEngine, jwtBearerHooks } from './engines/jwt-bearer.js'
export { type PasswordEngineHooks, passwordEngine, passwordHooks } from './engines/password.js'
export {
  type RefreshTokenEngineHooks,
  refreshTokenEngine,
  refreshTokenHooks,
} from './engines/refresh-token.js'
export type { RequestPolicyHooks } from './engines/request-policy.js'
export {
  ACCESS_TOKEN_TYPE,
  JWT_TOKEN_TYPE,
  type TokenExchangeEngineHooks,
  tokenExchangeEngine,
  tokenExchangeHooks,
} from './engines/token-exchange.js'
export { ENGINES, type EngineFacts } from './engines.js'
export {
  type EngineHooks,
  type HookInput,
  type HookOutput,
  type HookSpec,
  type HookTable,
  hook,
} from './hook.js'
export { type GrantMetadata, grantMetadata } from './metadata.js'
export { NotImplementedError } from './not-implemented.js'
export { registerDefinedGrants } from './register.js'
export {
  CLIENT_AUTH_METHODS,
  GRANT_ENGINES,
  type GrantDefinition,
  type GrantDefinitionInput,
  GrantDefinitionSchema,
  type GrantEngine,
  HOOK_NAMED_TYPES,
  type HookDefinition,
} from './schema.js'
export type * from './types.js'
export { findGrantProblems, parseGrantDefinition } from './validate.js'
