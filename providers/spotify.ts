import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const FLOW = 'https://developer.spotify.com/documentation/web-api/tutorials/code-flow'
const PKCE = 'https://developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow'
const SCOPES = 'https://developer.spotify.com/documentation/web-api/concepts/scopes'
const ME = 'https://developer.spotify.com/documentation/web-api/reference/get-current-users-profile'

const Image = z.object({ url: z.string(), height: z.nullable(z.number()), width: z.nullable(z.number()) })

// country, email, explicit_content and product come only with user-read-private / user-read-email.
const User = z.object({
  id: z.string(),
  display_name: z.nullable(z.string()),
  email: z.optional(z.string()),
  country: z.optional(z.string()),
  product: z.optional(z.string()),
  images: z.array(Image),
  href: z.string(),
  type: z.string(),
  uri: z.string(),
})

/** Spotify Accounts: authorization code (PKCE optional), Basic client auth, refresh; no revocation. */
export default defineProvider({
  id: 'spotify',
  displayName: 'Spotify',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://accounts.spotify.com/authorize',
    token: 'https://accounts.spotify.com/api/token',
  },
  scopes: {
    supported: {
      'ugc-image-upload': { description: 'Upload images to Spotify on your behalf' },
      'user-read-playback-state': { description: 'Read your currently playing content and queue' },
      'user-modify-playback-state': { description: 'Control playback on your clients and devices' },
      'user-read-currently-playing': { description: 'Read your currently playing content' },
      'app-remote-control': { description: 'Remote control playback of Spotify (iOS and Android SDK)' },
      streaming: { description: 'Play content and control playback (Web Playback SDK)' },
      'playlist-read-private': { description: 'Access your private playlists' },
      'playlist-read-collaborative': { description: 'Access your collaborative playlists' },
      'playlist-modify-private': { description: 'Manage your private playlists' },
      'playlist-modify-public': { description: 'Manage your public playlists' },
      'user-follow-modify': { description: 'Manage who you are following' },
      'user-follow-read': { description: 'Access your followers and who you are following' },
      'user-read-playback-position': { description: 'Read your position in content you have played' },
      'user-top-read': { description: 'Read your top artists and contents' },
      'user-read-recently-played': { description: 'Access your recently played items' },
      'user-library-modify': { description: 'Manage your saved content' },
      'user-library-read': { description: 'Access your saved content' },
      'user-read-email': { description: 'Get your real email address' },
      'user-read-private': { description: 'Access your subscription details and country' },
      'user-personalized': { description: 'Get personalized content for you' },
      'user-soa-link': { description: 'Link a partner user account to a Spotify user account' },
      'user-soa-unlink': { description: 'Unlink a partner user account from a Spotify account' },
      'user-manage-entitlements': { description: 'Modify entitlements for linked users' },
      'user-manage-partner': { description: 'Update partner information' },
      'user-create-partner': { description: 'Create new partners (platform partners only)' },
    },
    defaults: ['user-read-email', 'user-read-private'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['user-read-email'],
  },
  // The token request carries "Authorization: Basic <base64 client_id:client_secret>".
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  authorizationParams: {
    show_dialog: {
      type: 'boolean',
      description: 'Forces the user to approve the app again even if already approved',
    },
  },
  api: {
    baseUrl: 'https://api.spotify.com/v1',
    operations: {
      getCurrentUser: {
        method: 'GET',
        path: '/me',
        description: "The current user's profile",
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getCurrentUser()
    return {
      id: user.id,
      name: user.display_name,
      email: user.email ?? null,
      // "This email address is unverified; there is no proof that it actually belongs to the user."
      emailVerified: false,
      avatarUrl: user.images[0]?.url ?? null,
      raw: user,
    }
  },
  docs: {
    'endpoints.authorization': `${FLOW}#request-user-authorization`,
    'endpoints.token': `${FLOW}#request-an-access-token`,
    scopes: SCOPES,
    clientAuth: `${FLOW}#request-an-access-token`,
    pkce: PKCE,
    authorizationParams: `${FLOW}#request-user-authorization`,
    'api.operations.getCurrentUser': ME,
  },
})
