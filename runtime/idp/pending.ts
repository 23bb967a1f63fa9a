/**
 * The request a form is in the middle of, sealed into a hidden field so it survives the login form
 * without server-side state: an authorization request (its parameters and when it first arrived,
 * so a sign-in made for it satisfies `prompt=login`), or a device code being verified.
 */
import { z } from 'zod'
import { open, seal } from '../auth/lib/seal.js'

const PendingSchema = z.union([
  z.object({ kind: z.literal('authorize'), parameters: z.string(), requestTime: z.number() }),
  z.object({ kind: z.literal('device'), userCode: z.string().optional() }),
])
export type Pending = z.infer<typeof PendingSchema>

const AUDIENCE = 'authspec/idp pending'
/** Seconds a form may stay open. */
const TTL = 3600

export interface PendingSeals {
  seal(pending: Pending): Promise<string>
  /** The pending request of a form; undefined when absent, tampered with or expired. */
  open(form: URLSearchParams): Promise<Pending | undefined>
}

export function pendingSeals(o: { key: Promise<Uint8Array>; now: () => number }): PendingSeals {
  return {
    seal: async (pending) => seal({ p: pending }, await o.key, AUDIENCE, TTL, o.now()),
    async open(form) {
      const sealed = form.get('pending')
      if (!sealed) return undefined
      const opened = await open(sealed, await o.key, AUDIENCE, o.now())
      const parsed = opened.ok ? PendingSchema.safeParse(opened.payload['p']) : undefined
      return parsed?.success ? parsed.data : undefined
    },
  }
}
