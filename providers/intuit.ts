import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH =
  'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0'
const OPENID =
  'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/openid-connect'
const SCOPES = 'https://developer.intuit.com/app/developer/qbo/docs/learn/scopes'

// UserInfo as Intuit answers it: camelCase members, not the OpenID standard claim names.
const UserInfo = z.object({
  sub: z.string(),
  email: z.optional(z.string()),
  emailVerified: z.optional(z.boolean()),
  givenName: z.optional(z.string()),
  familyName: z.optional(z.string()),
  phoneNumber: z.optional(z.string()),
  phoneNumberVerified: z.optional(z.boolean()),
})

/**
 * Intuit (QuickBooks Online): OAuth 2.0 with HTTP Basic client authentication, 100-day
 * refresh tokens and revocation by JSON body. The profile comes from Intuit's UserInfo; the
 * callback's `realmId` (the company id) stays in the callback URL for the app to read.
 */
export default defineProvider({
  id: 'intuit',
  displayName: 'Intuit',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://appcenter.intuit.com/connect/oauth2',
    token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  },
  scopes: {
    supported: {
      'com.intuit.quickbooks.accounting': { description: 'QuickBooks Online accounting API' },
      'com.intuit.quickbooks.payment': { description: 'QuickBooks Payments API' },
      'com.intuit.quickbooks.payroll': { description: 'QuickBooks Payroll API (approved partners)' },
      openid: { description: 'OpenID Connect sign-in' },
      profile: { description: "The user's given and family name" },
      email: { description: "The user's email address" },
      phone: { description: "The user's phone number" },
      address: { description: "The user's physical address" },
    },
    defaults: ['openid', 'profile', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  clientAuth: 'client_secret_basic',
  pkce: 'unsupported',
  tokenResponse: { extraFields: { x_refresh_token_expires_in: 'number' } },
  revocation: {
    method: 'POST',
    url: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    auth: 'client_secret_basic',
    body: 'json',
    tokenParam: 'token',
  },
  api: {
    baseUrl: 'https://accounts.platform.intuit.com/v1',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/openid_connect/userinfo',
        description: "The user's identity (production host)",
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo()
    const name = [user.givenName, user.familyName].filter((n) => n !== undefined).join(' ')
    return {
      id: user.sub,
      name: name === '' ? null : name,
      email: user.email ?? null,
      emailVerified: user.emailVerified === true,
      avatarUrl: null,
      raw: user,
    }
  },
  docs: {
    endpoints: OAUTH,
    scopes: SCOPES,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'tokenResponse.extraFields': OAUTH,
    revocation: OAUTH,
    'api.operations.getUserInfo': `${OPENID}#obtaining-user-profile-information`,
  },
})
