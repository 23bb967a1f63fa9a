import type { CoreHandler as Handler } from './lib/core-http.js'
import type { EndpointUrls, ServerContext } from './types.js'

/** Endpoint URLs under the issuer: `/authorize`, `/token`, `/revoke`, `/introspect`, `/userinfo`, `/jwks`. */
export function resolveEndpoints(issuer: string): EndpointUrls {
  const base = issuer.replace(/\/+$/, '')
  return {
    authorization: `${base}/authorize`,
    token: `${base}/token`,
    revocation: `${base}/revoke`,
    introspection: `${base}/introspect`,
    userinfo: `${base}/userinfo`,
    jwks: `${base}/jwks`,
    deviceAuthorization: `${base}/device_authorization`,
    registration: `${base}/register`,
    endSession: `${base}/logout`,
  }
}

/** The client id of a client configuration URI (`<registration>/<client_id>`, RFC 7592), if it is one. */
export function clientIdFromPath(registrationPath: string, path: string): string | undefined {
  if (!path.startsWith(`${registrationPath}/`)) return undefined
  const rest = path.slice(registrationPath.length + 1)
  if (rest === '' || rest.includes('/')) return undefined
  try {
    return decodeURIComponent(rest)
  } catch {
    return undefined
  }
}

/**
 * Maps request paths to handlers, including both discovery locations: RFC 8414 §3 inserts
 * `/.well-known/oauth-authorization-server` before the issuer's path, OIDC Discovery §4 appends
 * `/.well-known/openid-configuration` to it.
 */
export function routeTable(server: ServerContext, h: Record<keyof EndpointUrls | 'metadata', Handler>) {
  const routes = new Map<string, Handler>()
  for (const key of Object.keys(server.endpoints) as (keyof EndpointUrls)[]) {
    routes.set(new URL(server.endpoints[key]).pathname, h[key])
  }
  const issuerPath = new URL(server.issuer).pathname.replace(/\/+$/, '')
  routes.set(`/.well-known/oauth-authorization-server${issuerPath}`, h.metadata)
  routes.set(`${issuerPath}/.well-known/oauth-authorization-server`, h.metadata)
  routes.set(`${issuerPath}/.well-known/openid-configuration`, h.metadata)
  return routes
}
