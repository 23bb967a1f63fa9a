import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const SSO = 'https://workos.com/docs/reference/sso'

// The Profile object: the user as the organization's identity provider describes them.
const Profile = z.object({
  object: z.literal('profile'),
  id: z.string(),
  idp_id: z.string(),
  organization_id: z.nullable(z.string()),
  connection_id: z.string(),
  connection_type: z.string(),
  email: z.string(),
  first_name: z.nullable(z.string()),
  last_name: z.nullable(z.string()),
  groups: z.optional(z.array(z.string())),
})

/**
 * WorkOS SSO: sign-in through an organization's SAML or OIDC connection (or a social provider)
 * brokered by WorkOS. The authorization request names one of `connection`, `organization` or
 * `provider`; there are no scopes, refresh tokens or revocation.
 */
export default defineProvider({
  id: 'workos',
  displayName: 'WorkOS',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://api.workos.com/sso/authorize',
    token: 'https://api.workos.com/sso/token',
  },
  scopes: {
    supported: {},
    defaults: [],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  // client_id and client_secret (the API key) are form parameters of POST /sso/token.
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  // The SSO token response carries an access token and the profile, no refresh token.
  refresh: 'unsupported',
  authorizationParams: {
    connection: { type: 'string', description: 'The SSO connection id (conn_…) to sign in with' },
    organization: { type: 'string', description: 'The organization id (org_…) whose connection to use' },
    provider: {
      type: 'enum',
      values: ['AppleOAuth', 'GitHubOAuth', 'GoogleOAuth', 'MicrosoftOAuth', 'authkit'],
      description: 'A social provider instead of an organization connection',
    },
    domain_hint: { type: 'string', description: 'Prefills the domain on the provider selection page' },
    login_hint: { type: 'string', description: "Prefills the user's email at the identity provider" },
  },
  // The token response carries the access token and the profile, without token_type.
  tokenResponse: { defaultTokenType: 'Bearer' },
  api: {
    baseUrl: 'https://api.workos.com',
    operations: {
      getProfile: {
        method: 'GET',
        path: '/sso/profile',
        description: 'The profile of the signed-in user',
        response: Profile,
      },
    },
  },
  profile: async ({ api }) => {
    const profile = await api.getProfile()
    const name = [profile.first_name, profile.last_name].filter((n) => n !== null).join(' ')
    return {
      id: profile.id,
      name: name === '' ? null : name,
      email: profile.email,
      // The email is whatever the organization's identity provider asserts; WorkOS does not verify it.
      emailVerified: false,
      avatarUrl: null,
      raw: profile,
    }
  },
  docs: {
    'endpoints.authorization': `${SSO}/get-authorization-url`,
    'endpoints.token': `${SSO}/profile/get-profile-and-token`,
    scopes: `${SSO}/get-authorization-url`,
    clientAuth: `${SSO}/profile/get-profile-and-token`,
    pkce: `${SSO}/get-authorization-url`,
    refresh: `${SSO}/profile/get-profile-and-token`,
    authorizationParams: `${SSO}/get-authorization-url`,
    'tokenResponse.defaultTokenType': `${SSO}/profile/get-profile-and-token`,
    'api.operations.getProfile': `${SSO}/profile/get-user-profile`,
  },
})
