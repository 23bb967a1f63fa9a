import * as path from 'node:path'
import { ArgumentError } from '../../runtime/errors.js'
import { RESOLVE_GRANT } from '../../runtime/server/grant-definition/engines/custom.js'
import { importPath } from './names.js'
import { GRANTS_PACKAGE, RUNTIME_DIR } from './render.js'

/**
 * The text of `grants/<name>.ts` for a custom extension grant (`authspec new grant <name> --type <uri>`):
 * the custom engine, no parameters yet, and the `resolveGrant` hook it calls.
 *
 * @example
 * writeFileSync('grants/otp.ts', newGrantSkeleton({ root, name: 'otp', grantType: 'urn:example:otp' }))
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 */
export function newGrantSkeleton(options: {
  root: string
  name: string
  grantType: string
  /** Import the runtime as the `authspec` package (any project but authspec itself). */
  packaged?: boolean
}): string {
  const { name, grantType } = options
  if (!/^[a-z][a-z0-9_]*$/.test(name))
    throw new ArgumentError(`"name" must be snake_case, e.g. otp or sms_code`)
  if (!/^(urn:[a-z0-9][a-z0-9-]*:\S+|https:\/\/\S+)$/i.test(grantType)) {
    throw new ArgumentError(`"--type" must be an absolute URI such as urn:example:${name}`)
  }
  const define = options.packaged
    ? GRANTS_PACKAGE
    : importPath(
        path.join(options.root, 'grants'),
        path.join(RUNTIME_DIR, 'server/define-grant.ts'),
        path.relative,
      )
  return `import { defineGrant } from '${define}'

export default defineGrant({
  name: '${name}',
  description: 'TODO: what this grant exchanges for a token',
  rfc: 'RFC 6749 §4.5',
  engine: 'custom',
  grantType: '${grantType}',
  // TODO: the request parameters; each one also goes into resolveGrant's input.
  parameters: {
    scope: { type: 'scope', required: false },
  },
  clientAuthentication: ['client_secret_basic', 'client_secret_post'],
  issuesRefreshToken: false,
  issuesIdToken: false,
  hooks: {
    resolveGrant: {
      doc: '${RESOLVE_GRANT.doc}',
      rfc: '${RESOLVE_GRANT.rfc}',
      input: { client: '${RESOLVE_GRANT.input.client}' },
      output: '${RESOLVE_GRANT.output}',
    },
  },
  errors: ['invalid_request', 'invalid_grant', 'invalid_scope'],
})
`
}
