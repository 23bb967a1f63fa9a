// The interop suite and `npm start` share one provider set-up, kept in examples/ so the runnable
// example does not depend on test code.
export {
  approveDeviceCode,
  CookieJar,
  type DemoUser,
  type LocalProvider,
  type LocalProviderOptions,
  type LoginOptions,
  loginThroughProvider,
  type PrivateKeyJwtClient,
  type PublicClient,
  parseForms,
  type SecretClient,
  startLocalProvider as startOidcProvider,
} from '../../examples/local-provider/index.js'
