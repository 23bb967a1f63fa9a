import * as z from 'zod/mini'

/** A string with at least one character; zod/mini writes checks as `.check(...)`, not methods. */
export function nonEmpty(): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1))
}
