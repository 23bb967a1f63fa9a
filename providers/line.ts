import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const WEB = 'https://developers.line.biz/en/docs/line-login/integrate-line-login/'
const API = 'https://developers.line.biz/en/reference/line-login/'
const SCOPES = `${WEB}#scopes`

const Profile = z.object({
  userId: z.string(),
  displayName: z.string(),
  pictureUrl: z.optional(z.string()),
  statusMessage: z.optional(z.string()),
})

/**
 * LINE Login v2.1 (OpenID Connect, by discovery). The ID tokens of web login are signed HS256
 * with the channel secret, which the explicit allow-list `idToken.algorithms` states (discovery
 * advertises the ES256 of native apps); the profile comes from the Social API, the email from
 * the ID token when the `email` scope was granted.
 */
export default defineProvider({
  id: 'line',
  displayName: 'LINE',
  protocol: 'oidc',
  issuer: 'https://access.line.me',
  scopes: {
    supported: {
      openid: { description: 'Sign in with LINE (an ID token with your user id)' },
      profile: { description: 'Your display name, profile picture and status message' },
      email: { description: 'Your email address (the channel must be approved for it)' },
    },
    defaults: ['openid', 'profile'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // The token request carries client_id and client_secret (the channel secret) in the body.
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    bot_prompt: {
      type: 'enum',
      values: ['normal', 'aggressive'],
      description: "Offers to add the channel's LINE Official Account as a friend",
    },
    prompt: { type: 'enum', values: ['consent'], description: 'Shows the consent screen every time' },
    ui_locales: { type: 'string', description: 'Display language of the login screen (RFC 5646)' },
    initial_amr_display: {
      type: 'enum',
      values: ['lineqr'],
      description: 'Shows QR code login instead of email and password first',
    },
    disable_auto_login: { type: 'boolean', description: 'Turns auto login off' },
  },
  idToken: { algorithms: ['HS256'] },
  // POST /oauth2/v2.1/revoke with access_token, client_id and client_secret as form data.
  revocation: {
    method: 'POST',
    url: 'https://api.line.me/oauth2/v2.1/revoke',
    auth: 'client_secret_post',
    body: 'form',
    tokenParam: 'access_token',
  },
  api: {
    baseUrl: 'https://api.line.me/v2',
    operations: {
      getProfile: {
        method: 'GET',
        path: '/profile',
        description: "The user's LINE profile",
        response: Profile,
      },
    },
  },
  profile: async ({ api, claims }) => {
    const profile = await api.getProfile()
    const email = claims?.['email']
    return {
      id: profile.userId,
      name: profile.displayName,
      email: typeof email === 'string' ? email : null,
      // LINE does not say whether the address was verified.
      emailVerified: false,
      avatarUrl: profile.pictureUrl ?? null,
      raw: profile,
    }
  },
  docs: {
    issuer: 'https://developers.line.biz/en/docs/line-login/verify-id-token/',
    scopes: SCOPES,
    clientAuth: `${API}#issue-access-token`,
    pkce: 'https://developers.line.biz/en/docs/line-login/integrate-pkce/',
    authorizationParams: `${WEB}#making-an-authorization-request`,
    'idToken.algorithms': 'https://developers.line.biz/en/docs/line-login/verify-id-token/#signature',
    revocation: `${API}#revoke-access-token`,
    'api.operations.getProfile': `${API}#get-user-profile`,
  },
})
