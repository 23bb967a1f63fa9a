import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const ENDPOINTS = 'https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html'
const DOCS = 'https://docs.aws.amazon.com/cognito/latest/developerguide'

// GET /oauth2/userInfo: Cognito sends the *_verified attributes as the strings "true"/"false".
const UserInfo = z.object({
  sub: z.string(),
  username: z.optional(z.string()),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  email_verified: z.optional(z.union([z.string(), z.boolean()])),
  phone_number: z.optional(z.string()),
  phone_number_verified: z.optional(z.union([z.string(), z.boolean()])),
  picture: z.optional(z.string()),
})

/**
 * Amazon Cognito user pools, on the pool's domain (`cognito({ domain:
 * 'myapp.auth.us-east-1.amazoncognito.com', … })`, or a custom domain). OAuth 2.0 with the
 * profile from /oauth2/userInfo: the ID token's issuer names the user pool id
 * (`us-east-1_AbC`), which is not a host, so the ID token is not read here.
 */
export default defineProvider({
  id: 'cognito',
  displayName: 'Amazon Cognito',
  protocol: 'oauth2',
  hosts: {
    domain: {
      description: "Your user pool's domain (prefix domain or custom domain)",
      example: 'myapp.auth.us-east-1.amazoncognito.com',
    },
  },
  endpoints: {
    authorization: 'https://{domain}/oauth2/authorize',
    token: 'https://{domain}/oauth2/token',
    revocation: 'https://{domain}/oauth2/revoke',
  },
  scopes: {
    supported: {
      openid: { description: 'An ID token; required for the other OpenID scopes' },
      email: { description: 'email and email_verified (with openid)' },
      phone: { description: 'phone_number and phone_number_verified (with openid)' },
      profile: { description: 'All user attributes the app client can read (with openid)' },
      'aws.cognito.signin.user.admin': { description: "Cognito user pools API calls on the user's behalf" },
    },
    defaults: ['openid', 'email', 'profile'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
    // GET /oauth2/userInfo answers only an access token granted openid.
    profileRequires: ['openid'],
  },
  // "Authorization: Basic" with the app client id and secret, for clients that have a secret.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  authorizationParams: {
    identity_provider: { type: 'string', description: 'Skips the hosted UI for this identity provider name' },
    idp_identifier: {
      type: 'string',
      description: 'Skips the hosted UI for the provider with this identifier',
    },
    lang: { type: 'string', description: 'Language of the managed login pages' },
  },
  api: {
    baseUrl: 'https://{domain}',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/oauth2/userInfo',
        description: "The user's attributes the granted scopes allow",
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo()
    return {
      id: user.sub,
      name: user.name ?? user.username ?? null,
      email: user.email ?? null,
      emailVerified: user.email_verified === true || user.email_verified === 'true',
      avatarUrl: user.picture ?? null,
      raw: user,
    }
  },
  docs: {
    hosts: `${DOCS}/cognito-user-pools-assign-domain.html`,
    endpoints: ENDPOINTS,
    'endpoints.authorization': `${DOCS}/authorization-endpoint.html`,
    'endpoints.token': `${DOCS}/token-endpoint.html`,
    'endpoints.revocation': `${DOCS}/revocation-endpoint.html`,
    scopes: `${DOCS}/cognito-user-pools-define-resource-servers.html`,
    'scopes.profileRequires': `${DOCS}/userinfo-endpoint.html`,
    clientAuth: `${DOCS}/token-endpoint.html`,
    pkce: `${DOCS}/using-pkce-in-authorization-code.html`,
    authorizationParams: `${DOCS}/authorization-endpoint.html`,
    'api.operations.getUserInfo': `${DOCS}/userinfo-endpoint.html`,
  },
})
