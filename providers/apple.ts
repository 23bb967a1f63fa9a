import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const REST = 'https://developer.apple.com/documentation/signinwithapplerestapi'
const JS =
  'https://developer.apple.com/documentation/signinwithapplejs/incorporating-sign-in-with-apple-into-other-platforms'
const SECRET =
  'https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret'
const TOKEN = `${REST}/generate_and_validate_tokens`

/** The `user` Apple POSTs with the first authorization only: name and email as the user chose them. */
const AppleUser = z.object({
  name: z.optional(z.object({ firstName: z.optional(z.string()), lastName: z.optional(z.string()) })),
  email: z.optional(z.string()),
})

/** Apple writes booleans in the ID token as booleans or as the strings "true" / "false". */
const truthy = (value: unknown) => value === true || value === 'true'

/**
 * Sign in with Apple (OpenID Connect by discovery). The client secret is a JWT the client signs
 * for each request with the private key registered with Apple (`signedClientSecret`: ES256, team
 * id as `iss`, key id as `kid`), so `apple({ clientId, teamId, keyId, privateKey, redirectUri })`
 * takes no `clientSecret`. Asking for `name` or `email` requires `response_mode=form_post`: the
 * callback is a POST whose body goes to `callback()` as URLSearchParams, and carries the user's
 * name once, on the first sign-in (`callback.data.user`, in `tokens.fields.user`). Apple has no
 * profile API: the profile is the ID token's claims plus that name.
 */
export default defineProvider({
  id: 'apple',
  displayName: 'Apple',
  protocol: 'oidc',
  issuer: 'https://appleid.apple.com',
  endpoints: { revocation: 'https://appleid.apple.com/auth/revoke' },
  scopes: {
    supported: {
      openid: { description: 'Sign in (an ID token with your user id)' },
      name: { description: 'Your name, sent once on the first sign-in' },
      email: { description: 'Your email address, or a private relay address you choose' },
    },
    defaults: ['openid', 'name', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // client_id and the signed client_secret go in the body.
  clientAuth: 'client_secret_post',
  signedClientSecret: { alg: 'ES256', audience: 'https://appleid.apple.com', lifetime: 300 },
  pkce: 'unsupported',
  callback: { responseMode: 'form_post', data: { user: AppleUser } },
  profile: async ({ claims, tokens }) => {
    const user = tokens.fields?.['user'] as z.infer<typeof AppleUser> | undefined
    const email = claims?.['email']
    const name = [user?.name?.firstName, user?.name?.lastName].filter(Boolean).join(' ')
    return {
      id: String(claims?.['sub']),
      name: name === '' ? null : name,
      email: typeof email === 'string' ? email : null,
      emailVerified: truthy(claims?.['email_verified']),
      avatarUrl: null,
      raw: { ...claims, ...(user ? { user } : {}) },
    }
  },
  docs: {
    issuer: `${REST}/authenticating-users-with-sign-in-with-apple`,
    'endpoints.revocation': `${REST}/revoke_tokens`,
    scopes: `${JS}#Handle-the-response`,
    clientAuth: TOKEN,
    signedClientSecret: SECRET,
    pkce: `${REST}/request_an_authorization_to_the_sign_in_with_apple_server`,
    'callback.responseMode': `${REST}/request_an_authorization_to_the_sign_in_with_apple_server`,
    'callback.data': `${JS}#Handle-the-response`,
  },
})
