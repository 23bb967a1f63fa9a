/**
 * The OAuth 2.0 client: authorization URL and callback, token requests for every grant,
 * client authentication, token model, revocation, introspection and server metadata; and the
 * discovery of the authorization server of a protected resource (RFC 9728, the MCP
 * authorization profile): `discoverAuthorization`.
 *
 * @example
 * import { buildAuthorizationUrl, validateCallback, authorizationCodeGrant, discover } from 'authspec/oauth2'
 * import { discoverAuthorization } from 'authspec/oauth2'
 * @see https://www.rfc-editor.org/rfc/rfc6749
 * @see https://www.rfc-editor.org/rfc/rfc9728
 * @see https://modelcontextprotocol.io/specification/draft/basic/authorization
 */
export * from './authenticated-fetch.js'
export * from './authorization-code.js'
export * from './authorization-url.js'
export * from './callback.js'
export * from './client-auth.js'
export * from './client-credentials.js'
export * from './device.js'
export * from './discover-authorization.js'
export * from './extension-grant.js'
export * from './introspect.js'
export type { EndpointSource, ParamInput } from './lib/endpoint.js'
export * from './metadata.js'
export * from './metadata-cache.js'
export * from './password.js'
export * from './pkce.js'
export * from './protected-resource-metadata.js'
export * from './refresh.js'
export * from './resource-challenge.js'
export * from './revoke.js'
export * from './token-request.js'
export * from './token-set.js'
export * from './types.js'
