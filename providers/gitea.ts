import * as z from 'zod/mini'
import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://docs.gitea.com/development/oauth2-provider'

// GET /api/v1/user: the User definition of Gitea's Swagger description (the fields read here).
const User = z.object({
  id: z.number(),
  login: z.string(),
  full_name: z.string(),
  email: z.string(),
  avatar_url: z.string(),
  html_url: z.optional(z.string()),
  is_admin: z.optional(z.boolean()),
  created: z.optional(z.string()),
})

/**
 * Gitea, on the customer's instance (`gitea({ host: 'gitea.example.com', … })`, or gitea.com):
 * OpenID Connect by discovery, refresh tokens, PKCE for public clients, plus the REST API.
 */
export default defineProvider({
  id: 'gitea',
  displayName: 'Gitea',
  protocol: 'oidc',
  hosts: {
    host: { description: 'Host of your Gitea instance (gitea.com for the hosted one)', example: 'gitea.com' },
  },
  // The issuer is the instance's ROOT_URL, which ends with a slash.
  issuer: 'https://{host}/',
  scopes: {
    supported: {
      openid: { description: 'An ID token (required for OpenID Connect)' },
      profile: { description: 'name, preferred_username, picture and website claims' },
      email: { description: 'email and email_verified' },
      groups: { description: 'Organizations and teams as the groups claim' },
      'read:activitypub': { description: 'Read ActivityPub operations' },
      'write:activitypub': { description: 'Read and write ActivityPub operations' },
      'read:admin': { description: 'Read site administration (admins)' },
      'write:admin': { description: 'Read and write site administration (admins)' },
      'read:issue': { description: 'Read issues and pull requests' },
      'write:issue': { description: 'Read and write issues and pull requests' },
      'read:misc': { description: 'Read miscellaneous routes' },
      'write:misc': { description: 'Read and write miscellaneous routes' },
      'read:notification': { description: 'Read notifications' },
      'write:notification': { description: 'Read and write notifications' },
      'read:organization': { description: 'Read organizations and teams' },
      'write:organization': { description: 'Read and write organizations and teams' },
      'read:package': { description: 'Read packages' },
      'write:package': { description: 'Read and write packages' },
      'read:repository': { description: 'Read repositories' },
      'write:repository': { description: 'Read and write repositories' },
      'read:user': { description: "Read the user's profile" },
      'write:user': { description: "Read and write the user's profile" },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // Discovery lists client_secret_basic and client_secret_post; Basic followed.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  api: {
    baseUrl: 'https://{host}/api/v1',
    operations: {
      getAuthenticatedUser: {
        method: 'GET',
        path: '/user',
        description: 'The signed-in user',
        response: User,
      },
    },
  },
  profile: claimsProfile(['name', 'preferred_username']),
  docs: {
    hosts: `${OAUTH}#endpoints`,
    issuer: `${OAUTH}#endpoints`,
    scopes: `${OAUTH}#scopes`,
    clientAuth: `${OAUTH}#endpoints`,
    pkce: `${OAUTH}#supported-oauth2-grants`,
    'api.operations.getAuthenticatedUser':
      'https://docs.gitea.com/api/1.22/#tag/user/operation/userGetCurrent',
  },
})
