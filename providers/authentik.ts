import * as z from 'zod/mini'
import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://docs.goauthentik.io/add-secure-apps/providers/oauth2/'

// The default scope mappings' claims (openid, profile, email).
const UserInfo = z.object({
  sub: z.string(),
  name: z.optional(z.string()),
  given_name: z.optional(z.string()),
  preferred_username: z.optional(z.string()),
  nickname: z.optional(z.string()),
  email: z.optional(z.string()),
  email_verified: z.optional(z.boolean()),
  groups: z.optional(z.array(z.string())),
})

/**
 * authentik, on the customer's server, one issuer per application
 * (`authentik({ host: 'auth.example.com', slug: 'my-app', … })`): OpenID Connect by discovery.
 */
export default defineProvider({
  id: 'authentik',
  displayName: 'authentik',
  protocol: 'oidc',
  hosts: {
    host: { description: 'Host of your authentik server', example: 'authentik.example.com' },
    slug: { description: "The application's slug (its issuer path)", example: 'my-app' },
  },
  // "Each application has its own issuer: https://authentik.company/application/o/<slug>/".
  issuer: 'https://{host}/application/o/{slug}/',
  scopes: {
    supported: {
      openid: { description: 'An ID token (required for OpenID Connect)' },
      profile: { description: 'name, given_name, preferred_username, nickname and groups' },
      email: { description: 'email and email_verified' },
      offline_access: { description: 'A refresh token' },
      'goauthentik.io/api': { description: "Access to authentik's own API" },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // The token endpoint takes the secret by Basic or in the body; Basic followed.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  api: {
    baseUrl: 'https://{host}/application/o',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/userinfo/',
        description: "The user's claims",
        response: UserInfo,
      },
    },
  },
  profile: claimsProfile(['name', 'preferred_username']),
  docs: {
    hosts: OAUTH,
    issuer: OAUTH,
    scopes: `${OAUTH}#scope-mappings`,
    clientAuth: `${OAUTH}#authorization_code`,
    pkce: `${OAUTH}#authorization_code`,
    'api.operations.getUserInfo': OAUTH,
  },
})
