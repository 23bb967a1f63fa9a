import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const AUTH = 'https://developers.etsy.com/documentation/essentials/authentication/'
const REFERENCE = 'https://developers.etsy.com/documentation/reference/'

// GET /users/me: the ids of the token's user and their shop (none for a buyer).
const EtsyMe = z.object({ user_id: z.number(), shop_id: z.nullable(z.number()) })

// GET /users/{user_id}: `primary_email` only with the email_r scope and for the token's own user.
const EtsyUser = z.object({
  user_id: z.number(),
  primary_email: z.nullable(z.string()),
  first_name: z.nullable(z.string()),
  last_name: z.nullable(z.string()),
  image_url_75x75: z.nullable(z.string()),
})

/**
 * Etsy Open API v3: OAuth 2.0 for public clients (the keystring is the client id, no secret in
 * token requests), PKCE with S256 required, refresh tokens at the token endpoint, no revocation.
 * Every API call carries the app's key in `x-api-key` beside the token (`api.keyHeader`).
 */
export default defineProvider({
  id: 'etsy',
  displayName: 'Etsy',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.etsy.com/oauth/connect',
    token: 'https://api.etsy.com/v3/public/oauth/token',
  },
  scopes: {
    supported: {
      address_r: { description: 'See billing and shipping addresses' },
      address_w: { description: 'Update billing and shipping addresses' },
      billing_r: { description: 'See all billing statement data' },
      cart_r: { description: 'Read shopping carts' },
      cart_w: { description: 'Add to and remove from shopping carts' },
      email_r: { description: 'Read a user profile email address' },
      favorites_r: { description: 'See private favorites' },
      favorites_w: { description: 'Add to and remove from favorites' },
      feedback_r: { description: 'See purchase info in feedback' },
      listings_d: { description: 'Delete listings' },
      listings_r: { description: 'See all listings, including expired listings' },
      listings_w: { description: 'Create and edit listings' },
      profile_r: { description: 'See all profile data' },
      profile_w: { description: 'Update user profile, avatar and more' },
      recommend_r: { description: 'See recommended listings' },
      recommend_w: { description: 'Accept and reject recommended listings' },
      shops_r: { description: 'See private shop info' },
      shops_w: { description: 'Update shop' },
      transactions_r: { description: 'See all checkout and payment data' },
      transactions_w: { description: 'Update sales data' },
    },
    defaults: ['shops_r', 'email_r'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email_r'],
    profileRequires: ['shops_r'],
  },
  // Token requests carry client_id (the keystring) and the PKCE verifier, no secret.
  clientAuth: 'none',
  pkce: 'required',
  api: {
    baseUrl: 'https://openapi.etsy.com/v3/application',
    keyHeader: {
      name: 'x-api-key',
      option: 'apiKey',
      description:
        "The app's keystring and shared secret joined by a colon (keystring:shared_secret), from Your Apps",
    },
    operations: {
      getMe: {
        method: 'GET',
        path: '/users/me',
        description: 'The user id and shop id of the token',
        response: EtsyMe,
      },
      getUser: {
        method: 'GET',
        path: '/users/{user_id}',
        description: 'A user profile by id',
        params: { user_id: { in: 'path', type: 'number', description: 'The numeric user id' } },
        response: EtsyUser,
      },
    },
  },
  profile: async ({ api }) => {
    const me = await api.getMe()
    const user = await api.getUser({ user_id: me.user_id })
    const name = [user.first_name, user.last_name].filter(Boolean).join(' ')
    return {
      id: String(user.user_id),
      name: name === '' ? null : name,
      email: user.primary_email,
      // Etsy does not say whether the address was verified: never claim it.
      emailVerified: false,
      avatarUrl: user.image_url_75x75,
      raw: user,
    }
  },
  docs: {
    endpoints: AUTH,
    scopes: `${AUTH}#scopes`,
    clientAuth: AUTH,
    pkce: `${AUTH}#proof-key-for-code-exchange-pkce`,
    'api.keyHeader': `${AUTH}#requesting-an-oauth-token`,
    'api.operations.getMe': `${REFERENCE}#operation/getMe`,
    'api.operations.getUser': `${REFERENCE}#operation/getUser`,
  },
})
