import { AuthspecError } from '../../errors.js'

/**
 * Thrown by a scaffolded hook that has not been written yet. The message names the hook and the
 * specification section that says what it must decide.
 *
 * @example
 * throw new NotImplementedError('authorizeClient', 'RFC 6749 §4.4.2')
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.5
 */
export class NotImplementedError extends AuthspecError {
  readonly hook: string
  readonly rfc: string
  constructor(hook: string, rfc: string) {
    super('NOT_IMPLEMENTED', `hook "${hook}" is not implemented yet (see ${rfc}); fill it in`)
    this.hook = hook
    this.rfc = rfc
  }
}
