import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const MANUAL = 'https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow'
const GRAPH = 'https://graph.facebook.com/v21.0'

const User = z.object({
  id: z.string(),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  picture: z.optional(
    z.object({ data: z.object({ url: z.string(), is_silhouette: z.optional(z.boolean()) }) }),
  ),
})

/**
 * Facebook Login, the manual flow on Graph API v21.0. Facebook issues no refresh tokens (a
 * short-lived token is exchanged for a long-lived one instead), and removing permissions is a
 * Graph call (DELETE /me/permissions) rather than a revocation endpoint, so the spec has neither.
 */
export default defineProvider({
  id: 'facebook',
  displayName: 'Facebook',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.facebook.com/v21.0/dialog/oauth',
    // Sources differ: the guide shows a GET with the parameters in the query; the client sends
    // the RFC 6749 §4.1.3 POST form, which the spec language states.
    token: `${GRAPH}/oauth/access_token`,
  },
  scopes: {
    supported: {
      public_profile: { description: 'Default public profile fields (id, name, picture)' },
      email: { description: "The person's primary email address" },
      user_birthday: { description: "The person's birthday" },
      user_friends: { description: 'Friends who also use the app' },
      user_gender: { description: "The person's gender" },
      user_hometown: { description: "The person's hometown" },
      user_likes: { description: 'Pages the person has liked' },
      user_link: { description: "The person's profile URL" },
      user_location: { description: "The person's current city" },
      user_photos: { description: "The person's photos" },
      user_posts: { description: "The person's posts" },
      user_videos: { description: "The person's videos" },
      pages_show_list: { description: 'Pages the person manages' },
      pages_read_engagement: { description: 'Content and metadata of managed Pages' },
    },
    defaults: ['public_profile', 'email'],
    // "scope: A comma or space separated list of Permissions"; the token response names none.
    requestDelimiter: ',',
    responseDelimiter: ',',
    emailScopes: ['email'],
  },
  // client_id and client_secret are parameters of the token request.
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    auth_type: {
      type: 'enum',
      values: ['rerequest', 'reauthenticate', 'reauthorize'],
      description: 'Asks again for declined permissions, or for the password',
    },
  },
  api: {
    baseUrl: GRAPH,
    operations: {
      getMe: {
        method: 'GET',
        path: '/me',
        description: 'The person using the app; fields names what to return',
        params: { fields: { in: 'query', type: 'string', description: 'Comma-separated User fields' } },
        response: User,
      },
    },
  },
  profile: async ({ api }) => {
    const me = await api.getMe({ fields: 'id,name,email,picture.type(large)' })
    const picture = me.picture?.data
    return {
      id: me.id,
      name: me.name ?? null,
      email: me.email ?? null,
      // Graph returns an address only when a valid one is on file, but states no verification.
      emailVerified: false,
      avatarUrl: picture && !picture.is_silhouette ? picture.url : null,
      raw: me,
    }
  },
  docs: {
    'endpoints.authorization': `${MANUAL}#logindialog`,
    'endpoints.token': `${MANUAL}#confirm`,
    scopes: 'https://developers.facebook.com/docs/permissions',
    clientAuth: `${MANUAL}#confirm`,
    pkce: `${MANUAL}#logindialog`,
    authorizationParams:
      'https://developers.facebook.com/docs/facebook-login/guides/advanced/re-authentication',
    'api.operations.getMe': 'https://developers.facebook.com/docs/graph-api/reference/user',
  },
})
