/**
 * Local ID's signing keys: generated on first run and written to the data directory (owner-only
 * file mode), read back on every later start so issued ID tokens stay verifiable.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { KeySet, type KeySetJSON } from '../../runtime/jose/index.js'
import { fromKeySet, type RotatingSigningKeys } from '../../runtime/server/index.js'

/** Loads the key set from `file`, or generates an RS256 key and saves it there. */
export async function loadOrCreateKeys(
  file: string,
): Promise<{ keys: RotatingSigningKeys; created: boolean }> {
  if (existsSync(file)) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as KeySetJSON
    return { keys: fromKeySet(await KeySet.fromJSON(json), 'RS256'), created: false }
  }
  const keySet = await KeySet.generate(['RS256'])
  writeFileSync(file, JSON.stringify(keySet.toJSON(), null, 2), { mode: 0o600 })
  return { keys: fromKeySet(keySet, 'RS256'), created: true }
}
