import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const PKCE = 'https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code'
const ME = 'https://docs.x.com/x-api/users/get-my-user'

const Me = z.object({
  data: z.object({
    id: z.string(),
    name: z.string(),
    username: z.string(),
    profile_image_url: z.optional(z.string()),
    // Only with the users.email scope, and only an address the user has confirmed.
    confirmed_email: z.optional(z.string()),
  }),
})

/** X API v2 with OAuth 2.0 user context (PKCE required). `x` is the OAuth 1.0a spec. */
export default defineProvider({
  id: 'x-oauth2',
  displayName: 'X (OAuth 2.0)',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://x.com/i/oauth2/authorize',
    token: 'https://api.x.com/2/oauth2/token',
  },
  scopes: {
    supported: {
      'tweet.read': { description: 'All the posts you can view, including protected accounts' },
      'tweet.write': { description: 'Post and repost for you' },
      'tweet.moderate.write': { description: 'Hide and unhide replies to your posts' },
      'users.read': { description: 'Any account you can view, including protected accounts' },
      'users.email': { description: 'Your confirmed email address' },
      'follows.read': { description: 'People who follow you and people you follow' },
      'follows.write': { description: 'Follow and unfollow people for you' },
      'offline.access': {
        description: 'Stay connected to your account until you revoke access (a refresh token)',
      },
      'space.read': { description: 'All the Spaces you can view' },
      'mute.read': { description: 'Accounts you have muted' },
      'mute.write': { description: 'Mute and unmute accounts for you' },
      'like.read': { description: 'Posts you have liked and likes you can view' },
      'like.write': { description: 'Like and unlike posts for you' },
      'list.read': { description: 'Lists, list members and list followers you can view' },
      'list.write': { description: 'Create and manage lists for you' },
      'block.read': { description: 'Accounts you have blocked' },
      'block.write': { description: 'Block and unblock accounts for you' },
      'bookmark.read': { description: 'Your bookmarks' },
      'bookmark.write': { description: 'Bookmark and remove bookmarks from posts' },
      'dm.read': { description: 'All your direct messages' },
      'dm.write': { description: 'Send direct messages for you' },
      'media.write': { description: 'Upload media' },
    },
    defaults: ['tweet.read', 'users.read', 'users.email', 'offline.access'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['users.email'],
  },
  // Confidential clients authenticate with a Basic header; PKCE is required of every client.
  clientAuth: 'client_secret_basic',
  pkce: 'required',
  revocation: {
    method: 'POST',
    url: 'https://api.x.com/2/oauth2/revoke',
    auth: 'client_secret_basic',
    body: 'form',
    tokenParam: 'token',
    sendTokenTypeHint: true,
  },
  api: {
    baseUrl: 'https://api.x.com/2',
    operations: {
      getMe: {
        method: 'GET',
        path: '/users/me',
        description: 'The authenticated user (tweet.read and users.read)',
        params: {
          'user.fields': { in: 'query', type: 'string', description: 'Comma-separated user fields' },
        },
        response: Me,
      },
    },
  },
  profile: async ({ api, tokens }) => {
    const fields = tokens.scopes.includes('users.email')
      ? 'profile_image_url,confirmed_email'
      : 'profile_image_url'
    const { data } = await api.getMe({ 'user.fields': fields })
    const email = data.confirmed_email ?? null
    return {
      id: data.id,
      name: data.name || data.username,
      email,
      emailVerified: email !== null,
      avatarUrl: data.profile_image_url ?? null,
      raw: data,
    }
  },
  docs: {
    endpoints: PKCE,
    scopes: `${PKCE}#scopes`,
    clientAuth: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
    pkce: PKCE,
    revocation: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
    'api.operations.getMe': ME,
  },
})
