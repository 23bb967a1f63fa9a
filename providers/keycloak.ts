import * as z from 'zod/mini'
import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OIDC = 'https://www.keycloak.org/securing-apps/oidc-layers'
const SCOPES = 'https://www.keycloak.org/docs/latest/server_admin/#_client_scopes'

// The UserInfo of the default client scopes (profile, email); more with custom mappers.
const UserInfo = z.object({
  sub: z.string(),
  name: z.optional(z.string()),
  preferred_username: z.optional(z.string()),
  given_name: z.optional(z.string()),
  family_name: z.optional(z.string()),
  email: z.optional(z.string()),
  email_verified: z.optional(z.boolean()),
})

/**
 * Keycloak, on the customer's server and realm (`keycloak({ host: 'sso.example.com', realm:
 * 'acme', … })`): OpenID Connect by discovery from https://host/realms/realm.
 */
export default defineProvider({
  id: 'keycloak',
  displayName: 'Keycloak',
  protocol: 'oidc',
  hosts: {
    host: { description: 'Host of your Keycloak server', example: 'keycloak.example.com' },
    // A realm name is a URL path segment; the hosts language takes it as one label.
    realm: { description: 'Name of the realm the client is registered in', example: 'myrealm' },
  },
  issuer: 'https://{host}/realms/{realm}',
  scopes: {
    supported: {
      openid: { description: 'An ID token (required for OpenID Connect)' },
      profile: { description: 'Name and username claims' },
      email: { description: 'email and email_verified' },
      address: { description: 'Postal address' },
      phone: { description: 'phone_number and phone_number_verified' },
      offline_access: { description: 'An offline refresh token that survives the session' },
      roles: { description: 'Realm and client roles in the access token' },
      'web-origins': { description: 'Allowed web origins in the access token' },
      'microprofile-jwt': { description: 'upn and groups claims (MicroProfile JWT)' },
      acr: { description: 'The acr claim' },
      basic: { description: 'sub and auth_time claims' },
      organization: { description: 'The organizations the user belongs to' },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // "Client Id and Secret" clients accept the secret by Basic or in the body; Basic followed.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  authorizationParams: {
    prompt: { type: 'enum', values: ['none', 'login', 'consent'], description: 'Silent or forced login' },
    kc_idp_hint: { type: 'string', description: 'Skips the login page for this identity provider alias' },
    login_hint: { type: 'string', description: 'Prefills the username' },
  },
  api: {
    baseUrl: 'https://{host}/realms/{realm}',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/protocol/openid-connect/userinfo',
        description: "The user's claims",
        response: UserInfo,
      },
    },
  },
  profile: claimsProfile(['name', 'preferred_username']),
  docs: {
    hosts: `${OIDC}#_oidc_available_endpoints`,
    issuer: `${OIDC}#_oidc_available_endpoints`,
    scopes: SCOPES,
    clientAuth: 'https://www.keycloak.org/docs/latest/server_admin/#_client-credentials',
    pkce: 'https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients',
    authorizationParams: `${OIDC}#_params_forwarding`,
    'api.operations.getUserInfo': `${OIDC}#_userinfo_endpoint`,
  },
})
