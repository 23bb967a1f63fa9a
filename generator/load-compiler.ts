import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import * as path from 'node:path'
import { Script } from 'node:vm'
import type { ts } from '@ts-morph/common'

/**
 * The TypeScript compiler (`@ts-morph/common`'s 9 MB of JavaScript) loaded with a V8 code cache,
 * as `tsc` does for itself on Node 22 (`module.enableCompileCache`, which Node 20 lacks):
 * compiling the compiler, then each of its functions on first call, was ~0.4 s of a 2.5 s run.
 *
 * The cache is bytecode, never a result: `node_modules/.cache/authspec/<name>-<key>.v8`, where
 * the key hashes the module's exact bytes, the Node version and architecture, and the V8 flags
 * the process set (`AUTHSPEC_V8_FLAGS`). V8 checks the data again when loading it and compiles
 * from source when it does not fit; the cache is then written afresh after the check.
 */
export interface CodeCachedModule {
  exports: unknown
  /** `hit`: V8 used the cache; `miss`: there was none; `rejected`: V8 refused it. */
  status: 'hit' | 'miss' | 'rejected'
  /**
   * Writes the cache unless V8 used it; called after the module did its work, so the bytecode of
   * every function it ran is included. Each writer renames a whole file into place, and caches
   * of another version of the module go (those of another Node version or flag set stay: tests
   * and the CLI run the same compiler under different flags).
   */
  save(): void
}

/**
 * Evaluates the CommonJS module `file` with the code cache in `cacheDir` and registers it in
 * `require.cache`, so a later `require` of it gets this instance.
 */
export function requireWithCodeCache(
  file: string,
  cacheDir: string,
  require: NodeJS.Require,
): CodeCachedModule {
  const bytes = readFileSync(file)
  const name = path.basename(file, '.js')
  const moduleKey = createHash('sha256').update(bytes).digest('hex').slice(0, 16)
  const runtimeKey = createHash('sha256')
    .update(`${process.version}\0${process.arch}\0${process.env.AUTHSPEC_V8_FLAGS ?? ''}`)
    .digest('hex')
    .slice(0, 8)
  const cacheFile = path.join(cacheDir, `${name}-${moduleKey}-${runtimeKey}.v8`)
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // None yet.
  }
  const script = new Script(Module.wrap(bytes.toString('utf8')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  })
  const status = !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit'
  const mod = new Module(file)
  mod.filename = file
  const evaluate = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void
  evaluate.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file))
  mod.loaded = true
  require.cache[file] = mod
  let saved = status === 'hit'
  return {
    exports: mod.exports,
    status,
    save() {
      if (saved) return
      saved = true
      try {
        mkdirSync(cacheDir, { recursive: true })
        const temporary = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`
        writeFileSync(temporary, script.createCachedData())
        renameSync(temporary, cacheFile)
        for (const old of readdirSync(cacheDir)) {
          if (old.startsWith(`${name}-`) && old.endsWith('.v8') && !old.startsWith(`${name}-${moduleKey}-`))
            rmSync(path.join(cacheDir, old), { force: true })
        }
      } catch {
        // A read-only node_modules only means the next run compiles the module again.
      }
    },
  }
}

let compiler: CodeCachedModule | undefined

/**
 * Loads `@ts-morph/common`'s compiler through the code cache (beside the package, under
 * `node_modules/.cache/authspec`) before `@ts-morph/common` itself requires it.
 */
function loadCompilerWithCache(require: NodeJS.Require): void {
  const file = path.join(path.dirname(require.resolve('@ts-morph/common')), 'typescript.js')
  if (require.cache[file]) return
  const marker = `${path.sep}node_modules${path.sep}`
  const at = file.lastIndexOf(marker)
  if (at < 0) return
  compiler = requireWithCodeCache(
    file,
    path.join(file.slice(0, at + marker.length), '.cache', 'authspec'),
    require,
  )
}

type Compiler = typeof ts

let typescriptCompiler: Compiler | undefined
let getLibFiles: () => { fileName: string; text: string }[]

/**
 * The TypeScript compiler bundled with `@ts-morph/common` (the version the output's format was
 * fixed with), loaded on first use through the code cache: `require` skips the ES-module lexer's
 * scan of its 9 MB, which an `import` pays on every start.
 */
export function typescript(): Compiler {
  if (typescriptCompiler) return typescriptCompiler
  const require = createRequire(import.meta.url)
  loadCompilerWithCache(require)
  const common = require('@ts-morph/common') as { ts: Compiler; getLibFiles: typeof getLibFiles }
  getLibFiles = common.getLibFiles
  typescriptCompiler = common.ts
  return typescriptCompiler
}

/** The compiler's lib .d.ts files (in memory, as `@ts-morph/common` ships them). */
export function libFiles(): { fileName: string; text: string }[] {
  typescript()
  return getLibFiles()
}

/** Writes the compiler's code cache if this process had to compile it (see `save`). */
export function saveCompilerCache(): void {
  compiler?.save()
}
