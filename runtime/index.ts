/**
 * authspec's main entry: the error family plus the OAuth 2.0 client and OpenID Connect relying
 * party. Other areas have their own subpaths: `authspec/jose`, `authspec/oauth1`,
 * `authspec/server`, `authspec/storage`, `authspec/auth`, `authspec/provider`,
 * `authspec/providers/<id>` and the `authspec/http/*` adapters.
 */
export * from './errors.js'
export * from './oauth2/index.js'
export * from './oidc/index.js'
