import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { OperationSpec, ProviderSpec } from '../../../runtime/provider/spec-types.js'

/** One spec of providers/ with the factory the generator compiled from it. */
export interface CatalogueEntry {
  id: string
  spec: ProviderSpec
  /** The full client factory of generated/providers/<id>.ts (`github`, `vkLegacy`). */
  factory: (config: never) => unknown
}

const ROOT = new URL('../../../', import.meta.url)
const PROVIDERS = new URL('providers/', ROOT)

/** A module of the tree by path, so vitest transforms the TypeScript as for a static import. */
const load = (path: string): Promise<unknown> => import(/* @vite-ignore */ new URL(path, ROOT).href)

/** `vk-legacy` → `vkLegacy`: the generator's name for a provider's factory. */
export function factoryName(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

/**
 * Every spec in providers/, discovered from the directory, so a new spec file is tested without
 * editing any test. Sorted by id for stable test names.
 */
export async function loadCatalogue(): Promise<CatalogueEntry[]> {
  const ids = readdirSync(fileURLToPath(PROVIDERS))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort()
  return Promise.all(
    ids.map(async (id) => {
      const spec = ((await load(`providers/${id}.ts`)) as { default: ProviderSpec }).default
      const generated = (await load(`generated/providers/${id}.ts`)) as Record<string, unknown>
      const factory = generated[factoryName(id)]
      if (typeof factory !== 'function') {
        throw new Error(`generated/providers/${id}.ts exports no ${factoryName(id)}(): run npm run generate`)
      }
      return { id, spec, factory: factory as CatalogueEntry['factory'] }
    }),
  )
}

/** The mock approves at once: the redirect back to the client (a 302, asserted). */
export async function approveRedirect(url: URL): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  return res.headers.get('location') ?? ''
}

/**
 * Whether a client of the spec can revoke: a revocation of its own, an RFC 7009 endpoint, or one
 * OpenID Connect discovery may name (a spec with an issuer, or one given at run time).
 */
export function revocable(spec: ProviderSpec): boolean {
  return (
    spec.revocation !== undefined ||
    spec.endpoints?.revocation !== undefined ||
    (spec.protocol === 'oidc' && (spec.issuer !== undefined || spec.issuerAtRuntime === true))
  )
}

/**
 * A value for each path parameter of an operation (Etsy's `/users/{user_id}`), so the catalogue
 * runs can call every operation; the mock answers any value.
 */
export function samplePathParams(op: OperationSpec): Record<string, string | number> {
  const params = Object.entries(op.params ?? {}).filter(([, p]) => p.in === 'path')
  return Object.fromEntries(params.map(([name, p]) => [name, p.type === 'number' ? 1 : 'mock']))
}
