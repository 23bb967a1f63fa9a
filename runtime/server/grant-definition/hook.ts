import type { HookResult } from './types.js'

/**
 * One hook an engine calls, as data: the specification section that says what it decides and
 * one line for the generated types and the scaffolded method. `I` (its input) and `O` (what it
 * resolves to) live only in the type, so the engine's hook interface ({@link EngineHooks}), the
 * generated module and the scaffold all read the same table.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export interface HookSpec<I, O> {
  readonly rfc: string
  readonly doc: string
  /** Never set at run time; carries the hook's signature for the compiler. */
  readonly signature?: (input: I) => O
}

/** Any engine's hook table: hook name → {@link HookSpec}. */
export type HookTable = Readonly<Record<string, HookSpec<never, unknown>>>

/**
 * Declares a hook of an engine's table.
 * @example
 * const hooks = { authorizeClient: hook<{ client: ClientRecord }, boolean>('RFC 8628 §3.4', 'Whether …') }
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export function hook<I, O>(rfc: string, doc: string): HookSpec<I, O> {
  return { rfc, doc }
}

/** The hooks an engine takes, derived from its table: one method per hook, sync or async. */
export type EngineHooks<T extends HookTable> = {
  [K in keyof T]: T[K] extends HookSpec<infer I, infer O> ? (input: I) => HookResult<O> : never
}

/** What hook `K` of hooks `H` receives (the generated `<Grant><Hook>Input`). */
export type HookInput<H, K extends keyof H> = H[K] extends (input: infer I) => unknown ? I : never

/** What hook `K` of hooks `H` resolves to (the generated `<Grant><Hook>Output`). */
export type HookOutput<H, K extends keyof H> = H[K] extends (input: never) => infer O ? Awaited<O> : never
