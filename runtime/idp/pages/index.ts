/**
 * The kit's pages. Each is a function from its input to a whole HTML document; pass your own per
 * page in `pages` to replace one (escape what you interpolate: `html` from here does).
 */
import { type AccountPageInput, accountPage } from './account.js'
import { type ConsentPageInput, consentPage } from './consent.js'
import { type DevicePageInput, devicePage } from './device.js'
import { type ErrorPageInput, errorPage } from './error.js'
import { type LoginPageInput, loginPage } from './login.js'
import { type LogoutPageInput, logoutPage } from './logout.js'
import { type SelectAccountPageInput, selectAccountPage } from './select-account.js'

export interface Pages {
  login(input: LoginPageInput): string
  consent(input: ConsentPageInput): string
  selectAccount(input: SelectAccountPageInput): string
  device(input: DevicePageInput): string
  logout(input: LogoutPageInput): string
  account(input: AccountPageInput): string
  error(input: ErrorPageInput): string
}

/**
 * The built-in pages, for wrapping or replacing one by one.
 * @example
 * await createIdentityProvider({ ...options, pages: {
 *   login: (input) => defaultPages.login({ ...input, error: input.error && 'Wrong password' }),
 * } })
 */
export const defaultPages: Readonly<Pages> = Object.freeze({
  login: loginPage,
  consent: consentPage,
  selectAccount: selectAccountPage,
  device: devicePage,
  logout: logoutPage,
  account: accountPage,
  error: errorPage,
})

export { escapeHtml, Html, html } from './html.js'
export type { Branding, KitPaths, PageBase } from './layout.js'
export type {
  AccountPageInput,
  ConsentPageInput,
  DevicePageInput,
  ErrorPageInput,
  LoginPageInput,
  LogoutPageInput,
  SelectAccountPageInput,
}
