import * as z from 'zod/mini'
import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OIDC = 'https://dev.twitch.tv/docs/authentication/getting-tokens-oidc'

/**
 * The claims the profile needs: Twitch's UserInfo and ID token carry only what the `claims`
 * parameter asks for (OIDC Core §5.5), beyond iss, sub, aud, exp and iat.
 */
const PROFILE_CLAIMS = JSON.stringify({
  id_token: { email: null, email_verified: null },
  userinfo: { email: null, email_verified: null, picture: null, preferred_username: null },
})

// `email` only with the user:read:email scope.
const HelixUser = z.object({
  id: z.string(),
  login: z.string(),
  display_name: z.string(),
  type: z.string(),
  broadcaster_type: z.string(),
  description: z.string(),
  profile_image_url: z.string(),
  offline_image_url: z.string(),
  email: z.optional(z.string()),
  created_at: z.string(),
})

/**
 * Twitch through OpenID Connect; the profile comes from UserInfo. The Helix API wants the app's
 * client id in a `Client-Id` header beside the token (`api.clientIdHeader`).
 */
export default defineProvider({
  id: 'twitch',
  displayName: 'Twitch',
  protocol: 'oidc',
  issuer: 'https://id.twitch.tv/oauth2',
  scopes: {
    supported: {
      openid: { description: 'Sign in with Twitch (an ID token)' },
      'user:read:email': { description: "Read the user's email address (email claims)" },
      'analytics:read:extensions': { description: 'View analytics data for your extensions' },
      'analytics:read:games': { description: 'View analytics data for your games' },
      'bits:read': { description: 'View Bits information for a channel' },
      'channel:bot': { description: "Join the channel's chat as a bot user" },
      'channel:edit:commercial': { description: 'Run commercials on a channel' },
      'channel:manage:broadcast': { description: "Manage a channel's broadcast configuration" },
      'channel:manage:moderators': {
        description: 'Add or remove the moderator role from users in the channel',
      },
      'channel:manage:polls': { description: "Manage a channel's polls" },
      'channel:manage:predictions': { description: "Manage a channel's Channel Points Predictions" },
      'channel:manage:raids': { description: 'Manage a channel raiding another channel' },
      'channel:manage:redemptions': { description: 'Manage Channel Points custom rewards and redemptions' },
      'channel:manage:schedule': { description: "Manage a channel's stream schedule" },
      'channel:manage:videos': { description: "Manage a channel's videos, including deleting videos" },
      'channel:manage:vips': { description: 'Add or remove the VIP role from users in the channel' },
      'channel:moderate': { description: 'Perform moderation actions in a channel' },
      'channel:read:editors': { description: 'View a list of users with the editor role for a channel' },
      'channel:read:goals': { description: 'View Creator Goals for a channel' },
      'channel:read:hype_train': { description: 'View Hype Train information for a channel' },
      'channel:read:polls': { description: "View a channel's polls" },
      'channel:read:predictions': { description: "View a channel's Channel Points Predictions" },
      'channel:read:redemptions': { description: 'View Channel Points custom rewards and their redemptions' },
      'channel:read:stream_key': { description: "View an authorized user's stream key" },
      'channel:read:subscriptions': { description: 'View a list of all subscribers to a channel' },
      'channel:read:vips': { description: 'Read the list of VIPs in the channel' },
      'chat:edit': { description: 'Send chat messages to a chatroom over IRC' },
      'chat:read': { description: 'View chat messages sent in a chatroom over IRC' },
      'clips:edit': { description: 'Manage clips for a channel' },
      'moderation:read': { description: 'View a channel’s moderation data' },
      'moderator:read:chatters': { description: 'View the chatters in a broadcaster’s chat room' },
      'moderator:read:followers': { description: 'Read the followers of a broadcaster' },
      'user:bot': { description: 'Join a specified chat channel as the user and appear as a bot' },
      'user:edit': { description: 'Manage a user object' },
      'user:manage:blocked_users': { description: 'Manage the block list of a user' },
      'user:manage:chat_color': { description: "Update the color used for the user's name in chat" },
      'user:manage:whispers': { description: 'Receive and send whispers on your behalf' },
      'user:read:blocked_users': { description: 'View the block list of a user' },
      'user:read:broadcast': {
        description: "View a user's broadcasting configuration, including Extension configurations",
      },
      'user:read:chat': { description: 'Receive chatroom messages and informational notifications' },
      'user:read:follows': { description: 'View the list of channels a user follows' },
      'user:read:moderated_channels': {
        description: 'Read the list of channels you have moderator privileges in',
      },
      'user:read:subscriptions': {
        description: 'View if an authorized user is subscribed to specific channels',
      },
      'user:write:chat': { description: 'Send chat messages to a chatroom' },
      'whispers:read': { description: 'Receive whisper messages for your user using PubSub' },
    },
    defaults: ['openid', 'user:read:email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['user:read:email'],
  },
  // Twitch's discovery document lists client_secret_post only; no PKCE is documented.
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  authorizationParams: {
    claims: {
      type: 'string',
      description: 'JSON claims request (OIDC Core 5.5): the claims the ID token and UserInfo carry',
      default: PROFILE_CLAIMS,
    },
    force_verify: { type: 'boolean', description: 'Forces the user to re-authorize the app' },
  },
  // "POST https://id.twitch.tv/oauth2/revoke" with client_id and token as form data, no secret.
  revocation: {
    method: 'POST',
    url: 'https://id.twitch.tv/oauth2/revoke',
    auth: 'none',
    body: 'form',
    tokenParam: 'token',
    sendClientId: true,
  },
  api: {
    baseUrl: 'https://api.twitch.tv/helix',
    clientIdHeader: 'Client-Id',
    operations: {
      getUsers: {
        method: 'GET',
        path: '/users',
        description: 'Users by id or login; without either, the token’s own user',
        params: {
          id: { in: 'query', type: 'string', description: 'A user id' },
          login: { in: 'query', type: 'string', description: 'A login name' },
        },
        response: z.object({ data: z.array(HelixUser) }),
      },
    },
  },
  profile: claimsProfile(['preferred_username']),
  docs: {
    issuer: `${OIDC}#discovering-supported-claims-and-authorization-uris`,
    scopes: 'https://dev.twitch.tv/docs/authentication/scopes',
    clientAuth: `${OIDC}#oidc-authorization-code-grant-flow`,
    pkce: `${OIDC}#oidc-authorization-code-grant-flow`,
    authorizationParams: `${OIDC}#requesting-claims`,
    revocation: 'https://dev.twitch.tv/docs/authentication/revoke-tokens',
    'api.clientIdHeader': 'https://dev.twitch.tv/docs/api/#twitch-api-request-format',
    'api.operations.getUsers': 'https://dev.twitch.tv/docs/api/reference/#get-users',
  },
})
