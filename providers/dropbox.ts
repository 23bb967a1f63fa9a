import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const HTTP = 'https://www.dropbox.com/developers/documentation/http/documentation'
const GUIDE = 'https://developers.dropbox.com/oauth-guide'

const Account = z.object({
  account_id: z.string(),
  name: z.object({
    given_name: z.string(),
    surname: z.string(),
    familiar_name: z.string(),
    display_name: z.string(),
    abbreviated_name: z.string(),
  }),
  email: z.string(),
  email_verified: z.boolean(),
  disabled: z.boolean(),
  profile_photo_url: z.optional(z.string()),
  locale: z.optional(z.string()),
  country: z.optional(z.string()),
})

/**
 * Dropbox API v2. Its revocation (POST /2/auth/token/revoke) is authorized by the token itself in
 * the Authorization header with no body, a shape the spec language has no field for, so the spec
 * declares none.
 */
export default defineProvider({
  id: 'dropbox',
  displayName: 'Dropbox',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.dropbox.com/oauth2/authorize',
    token: 'https://api.dropboxapi.com/oauth2/token',
  },
  scopes: {
    supported: {
      'account_info.read': { description: "View basic information about the user's account" },
      'account_info.write': { description: "Edit basic information about the user's account" },
      'files.metadata.read': { description: 'View information about files and folders' },
      'files.metadata.write': { description: 'View and edit information about files and folders' },
      'files.content.read': { description: 'View content of files and folders' },
      'files.content.write': { description: 'Edit content of files and folders' },
      'sharing.read': { description: 'View sharing settings and collaborators' },
      'sharing.write': { description: 'View and manage sharing settings and collaborators' },
      'file_requests.read': { description: 'View file requests' },
      'file_requests.write': { description: 'Manage file requests' },
      'contacts.read': { description: 'View manually added contacts' },
      'contacts.write': { description: 'View and manage manually added contacts' },
      openid: { description: 'OpenID Connect: an ID token' },
      email: { description: 'OpenID Connect: the email claims' },
      profile: { description: 'OpenID Connect: the name claims' },
    },
    defaults: ['account_info.read'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['account_info.read'],
  },
  // The token endpoint takes HTTP Basic or client_id/client_secret in the body; Basic is listed first.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  authorizationParams: {
    // Without "offline" Dropbox issues no refresh token (only short-lived access tokens), so the
    // spec always asks for one unless the caller chooses otherwise.
    token_access_type: {
      type: 'enum',
      values: ['offline', 'online', 'legacy'],
      description: 'offline also returns a refresh token; online only a short-lived access token',
      default: 'offline',
    },
    force_reapprove: { type: 'boolean', description: 'Asks the user to approve the app again' },
    force_reauthentication: { type: 'boolean', description: 'Asks the user to sign in again' },
    include_granted_scopes: {
      type: 'enum',
      values: ['user', 'team'],
      description: 'Incremental authorization: the token also carries scopes granted before',
    },
    require_role: { type: 'enum', values: ['work', 'personal'], description: 'Account type to sign in with' },
  },
  api: {
    baseUrl: 'https://api.dropboxapi.com/2',
    operations: {
      getCurrentAccount: {
        method: 'POST',
        path: '/users/get_current_account',
        description: "The signed-in user's account (account_info.read)",
        response: Account,
      },
    },
  },
  profile: async ({ api }) => {
    const account = await api.getCurrentAccount()
    return {
      id: account.account_id,
      name: account.name.display_name,
      email: account.email,
      emailVerified: account.email_verified,
      avatarUrl: account.profile_photo_url ?? null,
      raw: account,
    }
  },
  docs: {
    'endpoints.authorization': `${HTTP}#oauth2-authorize`,
    'endpoints.token': `${HTTP}#oauth2-token`,
    scopes: `${GUIDE}#scopes`,
    clientAuth: `${HTTP}#oauth2-token`,
    pkce: `${GUIDE}#pkce`,
    authorizationParams: `${HTTP}#oauth2-authorize`,
    'api.operations.getCurrentAccount': `${HTTP}#users-get_current_account`,
  },
})
