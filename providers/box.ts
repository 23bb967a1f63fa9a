import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const GUIDE = 'https://developer.box.com/guides/authentication/oauth2'
const REF = 'https://developer.box.com/reference'

const User = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  login: z.string(),
  avatar_url: z.optional(z.string()),
  status: z.optional(z.string()),
})

/** Box Platform: client-side OAuth 2.0 with client credentials in the body and a revoke endpoint. */
export default defineProvider({
  id: 'box',
  displayName: 'Box',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://account.box.com/api/oauth2/authorize',
    token: 'https://api.box.com/oauth2/token',
  },
  scopes: {
    supported: {
      root_readonly: { description: 'Read all files and folders stored in Box' },
      root_readwrite: { description: 'Read and write all files and folders stored in Box' },
      manage_app_users: { description: 'Provision and manage app users' },
      manage_managed_users: { description: 'Provision and manage managed users' },
      manage_groups: { description: 'Manage groups' },
      manage_webhook: { description: 'Manage webhooks' },
      manage_enterprise_properties: { description: 'Manage enterprise properties' },
      manage_data_retention: { description: 'Manage data retention policies' },
      manage_legal_hold: { description: 'Manage legal hold policies' },
      'sign_requests.readwrite': { description: 'Manage Box Sign requests' },
      'ai.readwrite': { description: 'Use Box AI' },
    },
    defaults: ['root_readonly'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    // GET /users/me returns `login`, the user's email address, under any scope.
    emailScopes: ['root_readonly', 'root_readwrite'],
  },
  // The token request carries client_id and client_secret as form fields; no PKCE is documented.
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  revocation: {
    method: 'POST',
    url: 'https://api.box.com/oauth2/revoke',
    auth: 'client_secret_post',
    body: 'form',
    tokenParam: 'token',
  },
  api: {
    baseUrl: 'https://api.box.com/2.0',
    operations: {
      getCurrentUser: {
        method: 'GET',
        path: '/users/me',
        description: 'The signed-in user',
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getCurrentUser()
    return {
      id: user.id,
      name: user.name,
      email: user.login,
      // Box documents no verification flag for the login address.
      emailVerified: false,
      avatarUrl: user.avatar_url ?? null,
      raw: user,
    }
  },
  docs: {
    'endpoints.authorization': `${REF}/get-authorize/`,
    'endpoints.token': `${REF}/post-oauth2-token/`,
    scopes: 'https://developer.box.com/guides/api-calls/permissions-and-errors/scopes/',
    clientAuth: `${REF}/post-oauth2-token/`,
    pkce: `${GUIDE}/`,
    revocation: `${REF}/post-oauth2-revoke/`,
    'api.operations.getCurrentUser': `${REF}/get-users-me/`,
  },
})
