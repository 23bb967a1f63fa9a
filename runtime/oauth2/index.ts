/**
 * The OAuth 2.0 client: authorization URL and callback, token requests for every grant,
 * client authentication, token model, revocation, introspection and server metadata; and the
 * client of resources that name their authorization server (RFC 9728, RFC 8707, the MCP
 * authorization profile): `createResourceAuthorizer`.
 *
 * @example
 * import { buildAuthorizationUrl, validateCallback, authorizationCodeGrant, discover } from 'authspec/oauth2'
 * import { createResourceAuthorizer } from 'authspec/oauth2'
 * @see https://www.rfc-editor.org/rfc/rfc6749
 * @see https://www.rfc-editor.org/rfc/rfc9728
 * @see https://modelcontextprotocol.io/specification/draft/basic/authorization
 */
export * from './authenticated-fetch.js'
export * from './authorization-code.js'
export * from './authorization-url.js'
export * from './authorize-resource.js'
export * from './callback.js'
export * from './client-auth.js'
export * from './client-credential-store.js'
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
export * from './register-client.js'
export * from './resource-challenge.js'
export * from './revoke.js'
export * from './token-request.js'
export * from './token-set.js'
export * from './types.js'
