import type { CallbackDataSpec, OperationSpec, ProviderSpec } from './spec-types.js'

/**
 * Declares a provider. An identity function whose type keeps the literal scope names and the
 * API operations' zod schemas, so the spec file is checked as it is written and the generated
 * client can derive its types from it. Run-time validation is `validateSpec` (the generator
 * calls it with the file name).
 *
 * @example
 * export default defineProvider({
 *   id: 'example',
 *   displayName: 'Example',
 *   protocol: 'oauth2',
 *   endpoints: { authorization: 'https://example.com/authorize', token: 'https://example.com/token' },
 *   scopes: { supported: { read: { description: 'Read access' } }, defaults: ['read'], requestDelimiter: ' ', responseDelimiter: ' ' },
 *   clientAuth: 'client_secret_basic',
 *   pkce: 'required',
 *   profile: async (ctx) => ({ id: String(ctx.tokens.raw.user_id), name: null, email: null, emailVerified: false, avatarUrl: null, raw: {} }),
 *   docs: { endpoints: 'https://example.com/docs/oauth', scopes: 'https://example.com/docs/scopes', clientAuth: 'https://example.com/docs/oauth', pkce: 'https://example.com/docs/oauth' },
 * })
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
// Calls are pure, so a bundler that reads this annotation across modules (Rollup, Vite) drops a
// spec nobody reads (an app using only `<provider>Login`) even when the app's package does not
// declare `sideEffects: false`. esbuild 0.28 honours it within a file only.
/* @__NO_SIDE_EFFECTS__ */
export function defineProvider<
  S extends string,
  Ops extends Record<string, OperationSpec> = Record<never, never>,
  D extends CallbackDataSpec = Record<never, never>,
  R extends object = Readonly<Record<string, unknown>>,
>(spec: ProviderSpec<S, Ops, D, R>): ProviderSpec<S, Ops, D, R> {
  return spec
}
