/** A random secret generated on first run and kept in the data directory (owner-only file mode). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { randomToken } from '../../runtime/lib/random.js'

/** Reads `{ secret }` from `file`, or writes a new 32-byte random one there. */
export function readOrCreateSecret(file: string, extra: Record<string, string> = {}): string {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { secret?: unknown }
    if (typeof saved.secret === 'string' && saved.secret.length >= 43) return saved.secret
  }
  const secret = randomToken(32)
  writeFileSync(file, `${JSON.stringify({ ...extra, secret }, null, 2)}\n`, { mode: 0o600 })
  return secret
}
