import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const REF = 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference'
const SCOPES = 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/oauth2-permissions'

// GET /v2/user: the user resource inside { data } (email needs wallet:user:email).
const User = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  username: z.nullable(z.string()),
  profile_location: z.nullable(z.string()),
  profile_bio: z.nullable(z.string()),
  profile_url: z.nullable(z.string()),
  avatar_url: z.string(),
  resource: z.string(),
  resource_path: z.string(),
  email: z.optional(z.string()),
})

/**
 * Coinbase App OAuth2 at login.coinbase.com: authorization code with PKCE, refresh tokens with
 * the offline_access scope, RFC 7009 revocation. (arctic still uses the older www.coinbase.com
 * endpoints; the current reference is followed here.)
 */
export default defineProvider({
  id: 'coinbase',
  displayName: 'Coinbase',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://login.coinbase.com/oauth2/auth',
    token: 'https://login.coinbase.com/oauth2/token',
    revocation: 'https://login.coinbase.com/oauth2/revoke',
  },
  scopes: {
    supported: {
      offline_access: { description: 'A refresh token' },
      'wallet:user:read': { description: "The user's public information" },
      'wallet:user:email': { description: "The user's email address" },
      'wallet:user:update': { description: "Update the user's public information" },
      'wallet:accounts:read': { description: "List the user's accounts and balances" },
      'wallet:accounts:create': { description: 'Create accounts' },
      'wallet:accounts:update': { description: 'Update accounts' },
      'wallet:accounts:delete': { description: 'Delete accounts' },
      'wallet:addresses:read': { description: "List accounts' addresses" },
      'wallet:addresses:create': { description: 'Create addresses for receiving' },
      'wallet:transactions:read': { description: "List the accounts' transactions" },
      'wallet:transactions:send': { description: 'Send funds' },
      'wallet:transactions:transfer': { description: "Transfer funds between the user's accounts" },
      'wallet:buys:read': { description: 'List buys' },
      'wallet:buys:create': { description: 'Buy crypto' },
      'wallet:sells:read': { description: 'List sells' },
      'wallet:sells:create': { description: 'Sell crypto' },
      'wallet:deposits:read': { description: 'List deposits' },
      'wallet:deposits:create': { description: 'Deposit funds' },
      'wallet:withdrawals:read': { description: 'List withdrawals' },
      'wallet:withdrawals:create': { description: 'Withdraw funds' },
      'wallet:payment-methods:read': { description: 'List payment methods' },
    },
    defaults: ['wallet:user:read', 'wallet:user:email', 'offline_access'],
    // The reference says "comma separated"; its own example URL (and the OAuth2 server behind
    // login.coinbase.com) uses spaces, which is followed here.
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['wallet:user:email'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    layout: { type: 'enum', values: ['signup'], description: 'Shows the sign-up page to logged-out users' },
    referral: { type: 'string', description: "The developer's referral id" },
  },
  api: {
    baseUrl: 'https://api.coinbase.com/v2',
    unwrap: 'data',
    operations: {
      getCurrentUser: { method: 'GET', path: '/user', description: 'The signed-in user', response: User },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getCurrentUser()
    return {
      id: user.id,
      name: user.name ?? user.username,
      email: user.email ?? null,
      // The API does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: user.avatar_url,
      raw: user,
    }
  },
  docs: {
    endpoints: REF,
    scopes: SCOPES,
    clientAuth: REF,
    pkce: REF,
    authorizationParams: REF,
    'api.unwrap': 'https://docs.cdp.coinbase.com/coinbase-app/track-apis/users',
    'api.operations.getCurrentUser':
      'https://docs.cdp.coinbase.com/coinbase-app/track-apis/users#show-current-user',
  },
})
