/**
 * Grant definitions: the schema, validation, the engines generated grant factories wire hooks
 * into, and the metadata they imply.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export { defineGrant } from '../define-grant.js'
export { ENGINE_REQUIREMENTS, type EngineRequirement } from './engine-requirements.js'
export {
  type AuthorizationCodeEngineHooks,
  authorizationCodeEngine,
  type RequestPolicyHooks,
} from './engines/authorization-code.js'
export {
  clientCredentialsEngine,
  deviceCodeEngine,
  implicitEngine,
  passwordEngine,
  refreshTokenEngine,
} from './engines/built-in.js'
export { type CustomEngineHooks, customEngine } from './engines/custom.js'
export { type JwtBearerEngineHooks, jwtBearerEngine } from './engines/jwt-bearer.js'
export {
  ACCESS_TOKEN_TYPE,
  JWT_TOKEN_TYPE,
  type TokenExchangeEngineHooks,
  tokenExchangeEngine,
} from './engines/token-exchange.js'
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
