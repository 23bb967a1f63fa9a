import { authorizationCodeHooks } from './engines/authorization-code.js'
import { clientCredentialsHooks } from './engines/client-credentials.js'
import { deviceCodeHooks } from './engines/device-code.js'
import { implicitHooks } from './engines/implicit.js'
import { jwtBearerHooks } from './engines/jwt-bearer.js'
import { passwordHooks } from './engines/password.js'
import { refreshTokenHooks } from './engines/refresh-token.js'
import { tokenExchangeHooks } from './engines/token-exchange.js'
import type { HookTable } from './hook.js'
import type { GrantEngine } from './schema.js'

/** What an engine fixes, so a definition states only its choices and validation holds it to these. */
export interface EngineFacts {
  grantType?: string
  responseType?: 'code' | 'token'
  /** True when `grantType` must be an extension URI rather than a fixed value. */
  uriGrantType?: true
  /** Extensions the engine can run; any other in a definition is refused. */
  extensions: readonly ('pkce' | 'openid')[]
  /** True when public clients (`none`) may not use it. */
  confidentialOnly?: true
  /**
   * The hooks the engine calls: its table, the one source of its `<Engine>EngineHooks` type, the
   * generated module and the scaffold. Empty for `custom`, whose definition declares its hooks.
   */
  hooks: HookTable
}

/**
 * Every engine's fixed facts and hooks, by engine name.
 * @example
 * Object.keys(ENGINES.client_credentials.hooks) // ['authorizeClient']
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export const ENGINES: Readonly<Record<GrantEngine, EngineFacts>> = {
  authorization_code: {
    grantType: 'authorization_code',
    responseType: 'code',
    extensions: ['pkce', 'openid'],
    hooks: authorizationCodeHooks,
  },
  implicit: { responseType: 'token', extensions: [], hooks: implicitHooks },
  password: { grantType: 'password', extensions: ['openid'], hooks: passwordHooks },
  client_credentials: {
    grantType: 'client_credentials',
    extensions: [],
    confidentialOnly: true,
    hooks: clientCredentialsHooks,
  },
  refresh_token: { grantType: 'refresh_token', extensions: ['openid'], hooks: refreshTokenHooks },
  device_code: {
    grantType: 'urn:ietf:params:oauth:grant-type:device_code',
    extensions: ['openid'],
    hooks: deviceCodeHooks,
  },
  token_exchange: {
    grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
    extensions: [],
    confidentialOnly: true,
    hooks: tokenExchangeHooks,
  },
  jwt_bearer: {
    grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    extensions: [],
    confidentialOnly: true,
    hooks: jwtBearerHooks,
  },
  custom: { uriGrantType: true, extensions: [], hooks: {} },
}
