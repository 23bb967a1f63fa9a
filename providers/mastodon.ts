import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://docs.joinmastodon.org/methods/oauth/'
const SCOPES = 'https://docs.joinmastodon.org/api/oauth-scopes/'

// The Account entity (the fields read here) with the CredentialAccount's extras optional.
const Account = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string(),
  url: z.string(),
  avatar: z.string(),
  note: z.optional(z.string()),
  locked: z.optional(z.boolean()),
  bot: z.optional(z.boolean()),
  created_at: z.optional(z.string()),
})

/**
 * Mastodon, on the user's instance (`mastodon({ instance: 'mastodon.social', … })`): OAuth 2.0
 * with PKCE (Mastodon 4.3+), RFC 7009 revocation, tokens that do not expire (no refresh).
 */
export default defineProvider({
  id: 'mastodon',
  displayName: 'Mastodon',
  protocol: 'oauth2',
  hosts: {
    instance: {
      description: 'Host of the Mastodon server the app is registered on',
      example: 'mastodon.social',
    },
  },
  endpoints: {
    authorization: 'https://{instance}/oauth/authorize',
    token: 'https://{instance}/oauth/token',
    revocation: 'https://{instance}/oauth/revoke',
  },
  scopes: {
    supported: {
      profile: { description: 'Only verify_credentials (Mastodon 4.3+)' },
      read: { description: 'Read all data' },
      write: { description: 'Write all data' },
      push: { description: 'Receive Web Push notifications' },
      follow: { description: 'Manage relationships (deprecated: use read and write)' },
      'read:accounts': { description: 'Read account information' },
      'read:blocks': { description: 'Read blocks' },
      'read:bookmarks': { description: 'Read bookmarks' },
      'read:favourites': { description: 'Read favourites' },
      'read:filters': { description: 'Read filters' },
      'read:follows': { description: 'Read follows' },
      'read:lists': { description: 'Read lists' },
      'read:mutes': { description: 'Read mutes' },
      'read:notifications': { description: 'Read notifications' },
      'read:search': { description: 'Search' },
      'read:statuses': { description: 'Read statuses' },
      'write:accounts': { description: 'Update account information' },
      'write:blocks': { description: 'Block accounts and domains' },
      'write:bookmarks': { description: 'Bookmark statuses' },
      'write:conversations': { description: 'Manage conversations' },
      'write:favourites': { description: 'Favourite statuses' },
      'write:filters': { description: 'Manage filters' },
      'write:follows': { description: 'Follow and unfollow' },
      'write:lists': { description: 'Manage lists' },
      'write:media': { description: 'Upload media' },
      'write:mutes': { description: 'Mute accounts and conversations' },
      'write:notifications': { description: 'Clear notifications' },
      'write:reports': { description: 'Report accounts' },
      'write:statuses': { description: 'Publish statuses' },
      'admin:read': { description: 'Read all data on the server (moderators)' },
      'admin:write': { description: 'Moderate the server (moderators)' },
    },
    defaults: ['profile'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  // POST /oauth/token takes client_id and client_secret as form parameters.
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  // Mastodon's access tokens do not expire; POST /oauth/token issues no refresh token.
  refresh: 'unsupported',
  authorizationParams: {
    force_login: { type: 'boolean', description: 'Forces the user to sign in again' },
    lang: { type: 'string', description: 'ISO 639-1 language of the authorization page' },
  },
  api: {
    baseUrl: 'https://{instance}/api/v1',
    operations: {
      verifyCredentials: {
        method: 'GET',
        path: '/accounts/verify_credentials',
        description: "The signed-in user's account",
        response: Account,
      },
    },
  },
  profile: async ({ api }) => {
    const account = await api.verifyCredentials()
    return {
      id: account.id,
      name: account.display_name || account.username,
      // Mastodon gives apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: account.avatar,
      raw: account,
    }
  },
  docs: {
    hosts: 'https://docs.joinmastodon.org/client/token/',
    'endpoints.authorization': `${OAUTH}#authorize`,
    'endpoints.token': `${OAUTH}#token`,
    'endpoints.revocation': `${OAUTH}#revoke`,
    scopes: SCOPES,
    clientAuth: `${OAUTH}#token`,
    pkce: `${OAUTH}#authorize`,
    refresh: `${OAUTH}#token`,
    authorizationParams: `${OAUTH}#authorize`,
    'api.operations.verifyCredentials': 'https://docs.joinmastodon.org/methods/accounts/#verify_credentials',
  },
})
