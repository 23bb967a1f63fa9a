/**
 * `authspec/idp`: an OpenID Provider with its login, consent, account-choice, device and logout
 * pages in one call (`createIdentityProvider`); the application brings its accounts.
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export { createIdentityProvider, type IdentityProvider } from './identity-provider.js'
export type {
  Account,
  AccountsAdapter,
  IdentityProviderOptions,
  IdentityProviderServerOptions,
} from './options.js'
export * from './pages/index.js'
export { hashPassword, verifyPassword } from './passwords.js'
