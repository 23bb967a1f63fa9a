import { fileURLToPath } from 'node:url'
import { build, type Metafile } from 'esbuild'

const repo = fileURLToPath(new URL('../..', import.meta.url))

/**
 * What a user's bundler makes of `contents` (resolved from the repository root): minified,
 * tree-shaken ESM for any platform, with the metafile saying which inputs kept bytes.
 */
export async function bundleClient(contents: string): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const out = await build({
    stdin: { contents, resolveDir: repo, loader: 'ts' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  return { code: out.outputFiles[0]!.contents, metafile: out.metafile }
}
