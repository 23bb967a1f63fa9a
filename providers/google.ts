import * as z from 'zod/mini'
import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OIDC = 'https://developers.google.com/identity/openid-connect/openid-connect'
const WEB = 'https://developers.google.com/identity/protocols/oauth2/web-server'

const UserInfo = z.object({
  sub: z.string(),
  name: z.optional(z.string()),
  given_name: z.optional(z.string()),
  family_name: z.optional(z.string()),
  picture: z.optional(z.string()),
  email: z.optional(z.string()),
  email_verified: z.optional(z.boolean()),
  hd: z.optional(z.string()),
  locale: z.optional(z.string()),
})

/** Google: OpenID Connect by discovery, refresh tokens through access_type=offline. */
export default defineProvider({
  id: 'google',
  displayName: 'Google',
  protocol: 'oidc',
  issuer: 'https://accounts.google.com',
  endpoints: { revocation: 'https://oauth2.googleapis.com/revoke' },
  scopes: {
    supported: {
      openid: { description: 'Sign in with Google (an ID token)' },
      email: { description: 'The primary email address and whether it is verified' },
      profile: { description: 'Name and profile picture' },
      'https://www.googleapis.com/auth/userinfo.email': { description: 'Email address (long form of email)' },
      'https://www.googleapis.com/auth/userinfo.profile': {
        description: 'Basic profile (long form of profile)',
      },
      'https://www.googleapis.com/auth/drive.readonly': {
        description: 'See and download Google Drive files',
      },
      'https://www.googleapis.com/auth/calendar.readonly': { description: 'See calendars' },
      'https://www.googleapis.com/auth/gmail.readonly': { description: 'Read Gmail messages and settings' },
    },
    defaults: ['openid', 'email', 'profile'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email', 'https://www.googleapis.com/auth/userinfo.email'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    access_type: {
      type: 'enum',
      values: ['offline', 'online'],
      description: 'offline returns a refresh token on the first exchange',
    },
    prompt: {
      type: 'enum',
      values: ['consent', 'none', 'select_account'],
      description: 'consent forces the consent screen (and a new refresh token)',
    },
    hd: {
      type: 'string',
      description: 'Workspace domain to sign in with ("*" any); the ID token hd claim is checked',
      checkClaim: 'hd',
    },
    login_hint: { type: 'string', description: 'Email address or sub of the user expected to sign in' },
    include_granted_scopes: {
      type: 'boolean',
      description: 'Incremental authorization: keep earlier grants',
    },
  },
  tokenResponse: {
    extraFields: { refresh_token_expires_in: 'number' },
  },
  api: {
    baseUrl: 'https://openidconnect.googleapis.com',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/v1/userinfo',
        description: 'OpenID Connect UserInfo',
        response: UserInfo,
      },
    },
  },
  // The ID token carries email and email_verified; name and picture are surely in UserInfo.
  profile: claimsProfile(),
  docs: {
    issuer: `${OIDC}#discovery`,
    'endpoints.revocation': `${WEB}#tokenrevoke`,
    scopes: 'https://developers.google.com/identity/protocols/oauth2/scopes',
    clientAuth: `${OIDC}#exchangecode`,
    pkce: `${WEB}#creatingclient`,
    authorizationParams: `${WEB}#creatingclient`,
    'authorizationParams.hd': `${OIDC}#hd-param`,
    'tokenResponse.extraFields': `${WEB}#exchange-authorization-code`,
    'api.operations.getUserInfo': `${OIDC}#obtainuserinfo`,
  },
})
