import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://aps.autodesk.com/en/docs/oauth/v2'
const USERINFO = 'https://aps.autodesk.com/en/docs/profile/v2/reference/restapireference/oidcuserinfo/'

// Standard OIDC claims plus Autodesk's own; which ones come back depends on the scopes.
const UserInfo = z.object({
  sub: z.string(),
  name: z.optional(z.string()),
  given_name: z.optional(z.string()),
  family_name: z.optional(z.string()),
  preferred_username: z.optional(z.string()),
  email: z.optional(z.string()),
  email_verified: z.optional(z.boolean()),
  picture: z.optional(z.string()),
  locale: z.optional(z.string()),
  updated_at: z.optional(z.number()),
  country_code: z.optional(z.string()),
  job_title: z.optional(z.string()),
  company: z.optional(z.string()),
  language: z.optional(z.string()),
})

/** Autodesk Platform Services (APS) Authentication v2: OpenID Connect by discovery. */
export default defineProvider({
  id: 'autodesk',
  displayName: 'Autodesk Platform Services',
  protocol: 'oidc',
  // "The base URL of the openID Provider. Always https://developer.api.autodesk.com for APS."
  issuer: 'https://developer.api.autodesk.com',
  scopes: {
    supported: {
      openid: { description: 'An ID token (OpenID Connect)' },
      'user-profile:read': { description: "Read the end user's profile data" },
      'user:read': { description: "Read the end user's profile data, with associated products and services" },
      'user:write': { description: "Create, update and delete the end user's profile data" },
      'viewables:read': { description: 'Read viewable (translated derivative) data' },
      'data:read': { description: "Read the end user's data within the APS ecosystem" },
      'data:write': { description: "Create, update and delete the end user's data" },
      'data:create': { description: 'Create data on behalf of the end user' },
      'data:search': { description: "Search across the end user's data" },
      'bucket:create': { description: 'Create OSS buckets' },
      'bucket:read': { description: 'Read OSS bucket metadata and list bucket contents' },
      'bucket:update': { description: 'Update OSS buckets' },
      'bucket:delete': { description: 'Delete OSS buckets' },
      'code:all': { description: 'Author and execute code (Design Automation)' },
      'account:read': { description: 'Read product and service accounts the end user administers' },
      'account:write': { description: 'Manage product and service accounts the end user administers' },
    },
    defaults: ['openid', 'user-profile:read'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  // Confidential clients authenticate to the token endpoint with HTTP Basic.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  authorizationParams: {
    prompt: { type: 'enum', values: ['login'], description: 'Forces the user to sign in again' },
  },
  api: {
    baseUrl: 'https://api.aps.autodesk.com',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/userinfo',
        description: 'OIDC UserInfo of the signed-in user (three-legged tokens only)',
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo()
    return {
      id: user.sub,
      name: user.name ?? user.preferred_username ?? null,
      email: user.email ?? null,
      emailVerified: user.email_verified === true,
      avatarUrl: user.picture ?? null,
      raw: user,
    }
  },
  docs: {
    issuer: `${OAUTH}/reference/typescript-sdk/interfaces/OidcSpec/`,
    scopes: `${OAUTH}/developers_guide/scopes/`,
    clientAuth: `${OAUTH}/reference/http/gettoken-POST/`,
    pkce: `${OAUTH}/reference/http/authorize-GET/`,
    authorizationParams: `${OAUTH}/reference/http/authorize-GET/`,
    'api.operations.getUserInfo': USERINFO,
  },
})
