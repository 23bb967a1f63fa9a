import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const WIKI = 'https://github.com/reddit-archive/reddit/wiki/OAuth2'

const Me = z.object({
  id: z.string(),
  name: z.string(),
  icon_img: z.optional(z.string()),
  snoovatar_img: z.optional(z.nullable(z.string())),
  has_verified_email: z.optional(z.boolean()),
  created_utc: z.optional(z.number()),
})

/** Reddit's OAuth2 (the API wiki): Basic client auth, `duration` required, API on oauth.reddit.com. */
export default defineProvider({
  id: 'reddit',
  displayName: 'Reddit',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.reddit.com/api/v1/authorize',
    token: 'https://www.reddit.com/api/v1/access_token',
  },
  scopes: {
    supported: {
      identity: { description: 'Access your reddit username and signup date' },
      account: { description: 'Update preferences and related account information' },
      edit: { description: 'Edit and delete your comments and submissions' },
      flair: { description: 'Select your subreddit flair' },
      history: { description: 'Access your voting history and saved or hidden items' },
      modconfig: { description: 'Manage the configuration of subreddits you moderate' },
      modflair: { description: 'Manage and assign flair in subreddits you moderate' },
      modlog: { description: 'Access the moderation log in subreddits you moderate' },
      modposts: { description: 'Approve, remove, mark nsfw and distinguish content you moderate' },
      modwiki: { description: 'Change editors and visibility of wiki pages you moderate' },
      mysubreddits: {
        description: 'Access the list of subreddits you moderate, contribute to and subscribe to',
      },
      privatemessages: { description: 'Access your inbox and send private messages' },
      read: { description: 'Access posts and comments through your account' },
      report: { description: 'Report content for rules violations' },
      save: { description: 'Save and unsave comments and submissions' },
      submit: { description: 'Submit links and comments from your account' },
      subscribe: { description: 'Manage your subreddit subscriptions' },
      vote: { description: 'Submit and change votes on comments and submissions' },
      wikiedit: { description: 'Edit wiki pages on your behalf' },
      wikiread: { description: 'Read wiki pages through your account' },
    },
    defaults: ['identity'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  // "HTTP Basic Authentication, using the client_id as the username and client_secret as the
  // password"; the wiki documents no PKCE.
  clientAuth: 'client_secret_basic',
  pkce: 'unsupported',
  authorizationParams: {
    // Required on every authorization request: permanent also issues a refresh token.
    duration: {
      type: 'enum',
      values: ['temporary', 'permanent'],
      description: 'permanent also issues a refresh token; temporary tokens last an hour',
      default: 'permanent',
    },
  },
  revocation: {
    method: 'POST',
    url: 'https://www.reddit.com/api/v1/revoke_token',
    auth: 'client_secret_basic',
    body: 'form',
    tokenParam: 'token',
    sendTokenTypeHint: true,
  },
  api: {
    baseUrl: 'https://oauth.reddit.com',
    // Reddit's API rules ask every client for a unique, descriptive User-Agent.
    headers: { 'User-Agent': 'authspec' },
    operations: {
      getMe: {
        method: 'GET',
        path: '/api/v1/me',
        description: 'The signed-in account (identity scope)',
        response: Me,
      },
    },
  },
  profile: async ({ api }) => {
    const me = await api.getMe()
    // Reddit exposes no email address to apps, only whether the account has a verified one.
    const avatar = me.snoovatar_img || me.icon_img || null
    return {
      id: me.id,
      name: me.name,
      email: null,
      emailVerified: false,
      avatarUrl: avatar ? avatar.replaceAll('&amp;', '&') : null,
      raw: me,
    }
  },
  docs: {
    endpoints: `${WIKI}#authorization`,
    scopes: 'https://www.reddit.com/api/v1/scopes',
    clientAuth: `${WIKI}#retrieving-the-access-token`,
    pkce: WIKI,
    authorizationParams: `${WIKI}#authorization`,
    revocation: `${WIKI}#manually-revoking-a-token`,
    'api.headers': 'https://github.com/reddit-archive/reddit/wiki/API#rules',
    'api.operations.getMe': 'https://www.reddit.com/dev/api/#GET_api_v1_me',
  },
})
