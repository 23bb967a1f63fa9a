/** Why `authspec scaffold` cannot update a file: stable codes, so callers can `switch (err.code)`. */
export type ScaffoldErrorCode = 'SCAFFOLD_NO_HOOKS_CLASS'

/**
 * A scaffolded file `scaffold` cannot update, naming the file and what to do. The file is the
 * user's, so the generator never guesses which class to edit.
 */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError'

  constructor(
    readonly code: ScaffoldErrorCode,
    /** The file, as the user passed it (relative to the project root where possible). */
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`)
  }
}
