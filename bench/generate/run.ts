/**
 * `npm run bench:generate`: how fast the generator is and how big a generated client is.
 *
 * - cold: a fresh `authspec generate --check` process over the built-in providers and grants;
 * - one spec (warm): watch mode's cached run after one spec file changed;
 * - 100 specs: a fresh process generating 100 synthetic specs into a temporary project;
 * - the opt-in `generate --typecheck`: the project's own tsc over what was generated;
 * - size: the GitHub (OAuth 2.0) and Google (OpenID Connect) clients bundled and minified with
 *   esbuild (tree-shaken, `jose` and `zod` included) against arctic's provider for the same service
 *   bundled the same way, plus what arctic lacks: ID-token validation (jose's `jwtVerify` with a
 *   remote JWKS). Two rows per provider: the arctic-equivalent usage (`<provider>Login()`: sign-in,
 *   refresh, revocation, as arctic's class offers) and the full client (`<provider>()`, with the
 *   profile and the typed, zod-checked API that arctic does not have).
 *
 * The machine may be shared, so CPU time is printed beside wall time.
 */
import { spawnSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { createGeneratorCache, generate } from '../../generator/generate.js'
import { listSourceFiles } from '../../generator/load.js'
import { bundleClient } from './bundle-client.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const bin = path.join(repo, 'bin/authspec.js')

interface Row {
  what: string
  value: string
  target: string
  ratio: string
}

function timeChild(args: string[]): { wallMs: number; cpuMs: number; out: string } {
  const start = performance.now()
  const res = spawnSync(
    'bash',
    ['-c', `TIMEFORMAT='%U %S'; time node ${args.map((a) => JSON.stringify(a)).join(' ')}`],
    {
      encoding: 'utf8',
    },
  )
  const wallMs = performance.now() - start
  const times = res.stderr.trim().split('\n').at(-1)?.split(' ').map(Number) ?? []
  const cpuMs = ((times[0] ?? 0) + (times[1] ?? 0)) * 1000
  if (res.status !== 0) throw new Error(`${args.join(' ')} failed:\n${res.stdout}${res.stderr}`)
  return { wallMs, cpuMs, out: res.stdout }
}

async function scratchProject(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'authspec-bench-'))
  for (const dir of ['providers', 'templates'])
    await cp(path.join(repo, dir), path.join(root, dir), { recursive: true })
  for (const dir of ['runtime', 'node_modules'])
    await symlink(path.join(repo, dir), path.join(root, dir), 'dir')
  for (const file of ['tsconfig.json', 'package.json']) await cp(path.join(repo, file), path.join(root, file))
  return root
}

const ms = (n: number) => `${n.toFixed(0)} ms`
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

async function bundle(contents: string): Promise<{ min: number; gzip: number; top: string }> {
  const { code, metafile } = await bundleClient(contents)
  // Where the bytes come from, by package (or runtime folder), largest first.
  const byPart = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const part =
        input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? input.split('/').slice(0, 2).join('/')
      byPart.set(part, (byPart.get(part) ?? 0) + bytesInOutput)
    }
  }
  const top = [...byPart]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, v]) => `${k} ${kb(v)}`)
    .join(', ')
  return { min: code.byteLength, gzip: gzipSync(code).byteLength, top }
}

async function main(): Promise<void> {
  const rows: Row[] = []

  const builtIn = (await listSourceFiles(repo, 'providers')).length
  const grants = (await listSourceFiles(repo, 'grants')).length
  // What a run keeps in node_modules/.cache/authspec: only the CLI bundle (bin/authspec.js: esbuild
  // of generator/, rebuilt when one of its sources changes); its pointer is dropped here to time a
  // rebuild. No result is cached: every row below loads, validates and renders every source.
  const cacheDir = path.join(repo, 'node_modules/.cache/authspec')
  await rm(path.join(cacheDir, 'cli.json'), { force: true })
  const rebuild = timeChild([bin, 'version'])
  rows.push({
    what: 'CLI bundle rebuild (esbuild; once after a generator edit)',
    value: `${ms(rebuild.wallMs)} (cpu ${ms(rebuild.cpuMs)})`,
    target: '',
    ratio: '',
  })
  const startup = timeChild([bin, 'version'])
  rows.push({
    what: 'CLI start-up alone (node + bundled CLI, `authspec version`)',
    value: `${ms(startup.wallMs)} (cpu ${ms(startup.cpuMs)})`,
    target: '',
    ratio: '',
  })
  const cold = timeChild([bin, 'generate', '--check', '--root', repo])
  rows.push({
    what: `cold full generation (${builtIn} built-in providers + ${grants} grants, fresh process)`,
    value: `${ms(cold.wallMs)} (cpu ${ms(cold.cpuMs)})`,
    target: '< 2000 ms',
    ratio: (cold.wallMs / 2000).toFixed(2),
  })

  const warmRoot = await scratchProject()
  try {
    const cache = createGeneratorCache()
    const first = await generate({ root: warmRoot, cache })
    if (first.problems.length > 0) {
      throw new Error(`generation failed: ${JSON.stringify(first.problems.map((p) => p.message))}`)
    }
    const file = path.join(warmRoot, 'providers/discord.ts')
    const text = await readFile(file, 'utf8')
    const samples: number[] = []
    for (let i = 0; i < 5; i++) {
      await writeFile(file, text.replace("displayName: 'Discord'", `displayName: 'Discord ${i}'`))
      const start = performance.now()
      const result = await generate({ root: warmRoot, cache })
      samples.push(performance.now() - start)
      if (result.changed.length !== 1)
        throw new Error(`expected one changed file, got ${result.changed.join(', ')}`)
    }
    samples.sort((a, b) => a - b)
    const median = samples[2]!
    rows.push({
      what: 'one-spec regeneration, warm (watch cache; median of 5)',
      value: ms(median),
      target: '< 300 ms',
      ratio: (median / 300).toFixed(2),
    })
  } finally {
    await rm(warmRoot, { recursive: true, force: true })
  }

  const manyRoot = await scratchProject()
  try {
    const github = await readFile(path.join(repo, 'providers/github.ts'), 'utf8')
    await rm(path.join(manyRoot, 'providers'), { recursive: true })
    await mkdir(path.join(manyRoot, 'providers'))
    for (let i = 0; i < 100; i++) {
      const id = `synthetic-${String(i).padStart(3, '0')}`
      await writeFile(
        path.join(manyRoot, 'providers', `${id}.ts`),
        github
          .replace("id: 'github'", `id: '${id}'`)
          .replace("displayName: 'GitHub'", `displayName: 'Synthetic ${i}'`),
      )
    }
    const many = timeChild([bin, 'generate', '--root', manyRoot])
    rows.push({
      what: '100 synthetic specs (fresh process)',
      value: `${ms(many.wallMs)} (cpu ${ms(many.cpuMs)})`,
      target: '< 10000 ms',
      ratio: (many.wallMs / 10000).toFixed(2),
    })
    // The opt-in check: the project's own tsc (here the repository's compiler options) over
    // generated/ and everything it imports, as a user's CI or `generate --typecheck` runs it.
    const tsconfig = JSON.parse(await readFile(path.join(repo, 'tsconfig.json'), 'utf8')) as object
    await writeFile(
      path.join(manyRoot, 'tsconfig.json'),
      JSON.stringify({ ...tsconfig, include: ['generated'] }),
    )
    const typed = timeChild([bin, 'generate', '--check', '--typecheck', '--root', manyRoot])
    rows.push({
      what: '  then `generate --check --typecheck` (opt-in: the project tsc, 100 clients)',
      value: `${ms(typed.wallMs)} (cpu ${ms(typed.cpuMs)})`,
      target: '',
      ratio: '',
    })
  } finally {
    await rm(manyRoot, { recursive: true, force: true })
  }

  // Size: each generated client against arctic's provider for the same service, plus the ID-token
  // validation arctic leaves out (it only decodes ID tokens), all bundled by the same esbuild call.
  const idToken = await bundle(
    `import { createRemoteJWKSet, jwtVerify } from 'jose'\nexport const verify = (t: string) => jwtVerify(t, createRemoteJWKSet(new URL('https://a.example/jwks')))`,
  )
  rows.push({
    what: 'ID-token validation arctic lacks (jose jwtVerify + remote JWKS)',
    value: `${kb(idToken.min)} / ${kb(idToken.gzip)}`,
    target: '',
    ratio: '',
  })
  const parts: string[] = []
  for (const [file, factory, arcticClass, kind] of [
    ['github', 'github', 'GitHub', 'OAuth 2.0'],
    ['google', 'google', 'Google', 'OpenID Connect'],
  ] as const) {
    const config = `{ clientId: 'x', redirectUri: 'https://app.example/cb' }`
    // The whole client: sign-in, refresh, revocation, profile and the typed API.
    const full = await bundle(
      `import { ${factory} } from './generated/providers/${file}.js'\nexport const client = ${factory}(${config})`,
    )
    // What arctic's class offers (authorization URL with state and PKCE, code exchange, refresh,
    // revocation), through the sign-in-only factory: no profile, no API operations.
    const login = await bundle(
      `import { ${factory}Login } from './generated/providers/${file}.js'\nexport const client = ${factory}Login(${config})`,
    )
    const arctic = await bundle(
      `import { ${arcticClass} } from 'arctic'\nexport const client = new ${arcticClass}('x', 'y', 'https://app.example/cb')`,
    )
    // What the full client carries whatever the runtime: the spec module, with the zod schemas of
    // its API responses and its data (scopes, docs links). The sign-in client leaves it out.
    const specOnly = await bundle(`export { default } from './providers/${file}.js'`)
    const allowance = { min: arctic.min + idToken.min, gzip: arctic.gzip + idToken.gzip }
    const versus = (what: string, ours: { min: number; gzip: number }): Row[] => [
      {
        what: `${what} vs arctic ${arcticClass} + ID-token validation, min`,
        value: `${kb(ours.min)} vs ${kb(allowance.min)}`,
        target: '<= 1.00',
        ratio: (ours.min / allowance.min).toFixed(2),
      },
      {
        what: `${what} vs arctic ${arcticClass} + ID-token validation, gzip`,
        value: `${kb(ours.gzip)} vs ${kb(allowance.gzip)}`,
        target: '<= 1.00',
        ratio: (ours.gzip / allowance.gzip).toFixed(2),
      },
    ]
    rows.push(
      {
        what: `arctic ${arcticClass} (min / gzip)`,
        value: `${kb(arctic.min)} / ${kb(arctic.gzip)}`,
        target: '',
        ratio: '',
      },
      {
        what: `authspec ${factory}Login(): arctic-equivalent usage, ${kind} (min / gzip)`,
        value: `${kb(login.min)} / ${kb(login.gzip)}`,
        target: '',
        ratio: '',
      },
      ...versus(`  arctic-equivalent ${factory}Login()`, login),
      {
        what: `authspec ${factory}(): full client incl. profile + API (min / gzip)`,
        value: `${kb(full.min)} / ${kb(full.gzip)}`,
        target: '',
        ratio: '',
      },
      {
        what: `  of which providers/${file}.ts alone (its zod schemas, scopes, docs)`,
        value: `${kb(specOnly.min)} / ${kb(specOnly.gzip)}`,
        target: '',
        ratio: '',
      },
      ...versus(`  full ${factory}()`, full),
    )
    parts.push(
      `authspec ${factory}Login() bundle by part: ${login.top}`,
      `authspec ${factory}() bundle by part: ${full.top}`,
      `arctic ${arcticClass} bundle by part: ${arctic.top}`,
    )
  }

  console.log(`${parts.join('\n')}\n`)
  const width = Math.max(...rows.map((r) => r.what.length))
  console.log(`${'measure'.padEnd(width)} | ${'value'.padEnd(28)} | ${'target'.padEnd(10)} | ratio`)
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(28)}-|-${'-'.repeat(10)}-|------`)
  for (const r of rows)
    console.log(`${r.what.padEnd(width)} | ${r.value.padEnd(28)} | ${r.target.padEnd(10)} | ${r.ratio}`)
}

await main()
