import type { GrantDefinitionInput } from './grant-definition/schema.js'

/**
 * Declares a grant for `authspec generate`: its grant type (a URI for extensions), parameters,
 * client authentication, tokens issued, the hooks the application implements and the errors it
 * can raise. The value is validated by the generator, which reports `file:field.path: message`.
 *
 * @example
 * export default defineGrant({
 *   name: 'otp', grantType: 'urn:example:otp', engine: 'custom', description: 'One-time passwords',
 *   rfc: 'RFC 6749 §4.5', parameters: { otp: { type: 'string', required: true } },
 *   clientAuthentication: ['client_secret_basic'], issuesRefreshToken: false, issuesIdToken: false,
 *   hooks: { resolveGrant: { doc: 'Checks the OTP', rfc: 'RFC 6749 §4.5',
 *     input: { client: 'ClientRecord', otp: 'string' }, output: 'GrantResolution | undefined' } },
 *   errors: ['invalid_request', 'invalid_grant'],
 * })
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 */
export function defineGrant<D extends GrantDefinitionInput>(definition: D): D {
  return definition
}
