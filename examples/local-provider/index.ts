export {
  approveDeviceCode,
  CookieJar,
  type Credentials,
  type HtmlForm,
  type LoginOptions,
  loginThroughProvider,
  type Page,
  parseForms,
} from './browser.js'
export {
  type DemoUser,
  type LocalProvider,
  type LocalProviderOptions,
  type PrivateKeyJwtClient,
  type PublicClient,
  type SecretClient,
  startLocalProvider,
} from './server.js'
