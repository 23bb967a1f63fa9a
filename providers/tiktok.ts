import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const WEB = 'https://developers.tiktok.com/doc/login-kit-web'
const TOKENS = 'https://developers.tiktok.com/doc/oauth-user-access-token-management'
const SCOPES = 'https://developers.tiktok.com/doc/tiktok-api-scopes'
const USER_INFO = 'https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info'

/** The user object: only the `fields` asked for come back, so every one but `open_id` is optional. */
const User = z.object({
  open_id: z.string(),
  union_id: z.optional(z.string()),
  avatar_url: z.optional(z.string()),
  avatar_url_100: z.optional(z.string()),
  avatar_large_url: z.optional(z.string()),
  display_name: z.optional(z.string()),
  username: z.optional(z.string()),
  bio_description: z.optional(z.string()),
  profile_deep_link: z.optional(z.string()),
  is_verified: z.optional(z.boolean()),
})

/** What `profile` asks /v2/user/info/ for: the fields `user.info.basic` grants. */
const PROFILE_FIELDS = 'open_id,union_id,avatar_url,display_name'

/**
 * TikTok Login Kit (OAuth 2.0 v2). TikTok names the client id `client_key` in every request
 * (`clientIdParam`), joins scopes with commas, and authenticates the client with `client_key` and
 * `client_secret` in the body; the token response names the user (`open_id`).
 */
export default defineProvider({
  id: 'tiktok',
  displayName: 'TikTok',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.tiktok.com/v2/auth/authorize/',
    token: 'https://open.tiktokapis.com/v2/oauth/token/',
  },
  scopes: {
    supported: {
      'user.info.basic': { description: 'Read your open id, avatar and display name' },
      'user.info.profile': { description: 'Read your profile link, bio and verification status' },
      'user.info.stats': { description: 'Read your like, follower, following and video counts' },
      'video.list': { description: 'Read your public videos' },
      'video.publish': { description: 'Post content directly to your profile' },
      'video.upload': { description: 'Share content to your drafts for you to review and post' },
    },
    defaults: ['user.info.basic'],
    requestDelimiter: ',',
    responseDelimiter: ',',
  },
  clientAuth: 'client_secret_post',
  clientIdParam: 'client_key',
  // TikTok documents code_challenge for its desktop flow; the web flow takes it as well.
  pkce: 'supported',
  tokenResponse: {
    extraFields: { open_id: 'string', refresh_expires_in: 'number' },
  },
  // POST /v2/oauth/revoke/ with client_key, client_secret and token as form data.
  revocation: {
    method: 'POST',
    url: 'https://open.tiktokapis.com/v2/oauth/revoke/',
    auth: 'client_secret_post',
    body: 'form',
    tokenParam: 'token',
  },
  api: {
    baseUrl: 'https://open.tiktokapis.com/v2',
    // `{ data: { user }, error: { code: "ok", message, log_id } }`: `error` is there on success too.
    unwrap: 'data',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/user/info/',
        description: 'The signed-in user: the fields asked for',
        params: {
          fields: { in: 'query', type: 'string', description: 'Comma-separated user fields to return' },
        },
        response: z.object({ user: User }),
      },
    },
  },
  profile: async ({ api }) => {
    const { user } = await api.getUserInfo({ fields: PROFILE_FIELDS })
    return {
      id: user.open_id,
      name: user.display_name ?? null,
      // TikTok shares no email address.
      email: null,
      emailVerified: false,
      avatarUrl: user.avatar_url ?? null,
      raw: user,
    }
  },
  docs: {
    'endpoints.authorization': WEB,
    'endpoints.token': TOKENS,
    scopes: SCOPES,
    clientAuth: TOKENS,
    clientIdParam: TOKENS,
    pkce: 'https://developers.tiktok.com/doc/login-kit-desktop',
    'tokenResponse.extraFields': TOKENS,
    revocation: TOKENS,
    'api.operations.getUserInfo': USER_INFO,
  },
})
