/**
 * A Node built-in module where the platform offers it without a static `node:` import
 * (Node >= 20.16 `process.getBuiltinModule`), else undefined: the Web-standard core stays
 * loadable on every Fetch runtime and uses native hashing and encoding where they exist.
 */
export function nodeBuiltin<T>(
  id: 'node:crypto' | 'node:buffer' | 'node:dns' | 'node:http' | 'node:https' | 'node:stream',
): T | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  return process?.getBuiltinModule?.(id) as T | undefined
}
