import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const HELP = 'https://help.salesforce.com/s/articleView?language=en_US&type=5&id=sf'
const WEB_SERVER = `${HELP}.remoteaccess_oauth_web_server_flow.htm`

const UserInfo = z.object({
  sub: z.string(),
  user_id: z.string(),
  organization_id: z.string(),
  preferred_username: z.optional(z.string()),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  email_verified: z.optional(z.boolean()),
  picture: z.optional(z.string()),
  photos: z.optional(z.object({ picture: z.optional(z.string()), thumbnail: z.optional(z.string()) })),
})

/**
 * Salesforce (production orgs through login.salesforce.com; a sandbox or My Domain is an
 * endpointOverrides away). The token response names the org's instance_url for API calls.
 */
export default defineProvider({
  id: 'salesforce',
  displayName: 'Salesforce',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://login.salesforce.com/services/oauth2/authorize',
    token: 'https://login.salesforce.com/services/oauth2/token',
    revocation: 'https://login.salesforce.com/services/oauth2/revoke',
  },
  scopes: {
    supported: {
      api: { description: "Access the user's data through the REST and Bulk APIs" },
      refresh_token: { description: 'A refresh token (also offline_access)' },
      offline_access: { description: 'A refresh token (also refresh_token)' },
      id: { description: 'The identity URL service: profile, email, address and phone' },
      openid: { description: 'An ID token (OpenID Connect)' },
      profile: { description: "The user's profile" },
      email: { description: "The user's email address" },
      address: { description: "The user's address" },
      phone: { description: "The user's phone number" },
      full: { description: 'Everything the user can access (no refresh token by itself)' },
      web: { description: 'Use the access token on the web (frontdoor.jsp)' },
      chatter_api: { description: 'The Connect REST API' },
      custom_permissions: { description: "The org's custom permissions for the app" },
      visualforce: { description: 'Visualforce pages' },
      wave_api: { description: 'CRM Analytics REST API' },
      content: { description: 'Content resources' },
      lightning: { description: 'Lightning Experience' },
      cdp_query_api: { description: 'Data Cloud query API' },
    },
    defaults: ['id', 'refresh_token'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['id', 'email'],
  },
  // The web server flow's token request carries client_id and client_secret as form fields.
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    prompt: {
      type: 'enum',
      values: ['login', 'consent', 'select_account'],
      description: 'Re-authentication, re-approval or the account chooser',
    },
    login_hint: { type: 'string', description: 'Username to prefill on the login page' },
    display: { type: 'enum', values: ['page', 'popup', 'touch', 'mobile'], description: 'Login page layout' },
  },
  // instance_url is where the org's REST API lives; id is the identity URL; signature signs
  // id and issued_at with the client secret.
  tokenResponse: {
    extraFields: { instance_url: 'string', id: 'string', issued_at: 'string', signature: 'string' },
  },
  api: {
    baseUrl: 'https://login.salesforce.com/services/oauth2',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/userinfo',
        description: 'The signed-in user (id, profile or email scope)',
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const info = await api.getUserInfo()
    return {
      id: info.user_id,
      name: info.name ?? info.preferred_username ?? null,
      email: info.email ?? null,
      emailVerified: info.email_verified === true,
      avatarUrl: info.photos?.picture ?? info.picture ?? null,
      raw: info,
    }
  },
  docs: {
    'endpoints.authorization': WEB_SERVER,
    'endpoints.token': WEB_SERVER,
    'endpoints.revocation': `${HELP}.remoteaccess_revoke_token.htm`,
    scopes: `${HELP}.remoteaccess_oauth_tokens_scopes.htm`,
    clientAuth: WEB_SERVER,
    pkce: WEB_SERVER,
    authorizationParams: WEB_SERVER,
    'tokenResponse.extraFields': WEB_SERVER,
    'api.operations.getUserInfo': `${HELP}.remoteaccess_using_userinfo_endpoint.htm`,
  },
})
