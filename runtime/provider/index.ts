export { defineProvider } from './define-provider.js'
export { ProviderSpecSchema } from './spec-schema.js'
export type * from './spec-types.js'
export { findSpecProblems, validateSpec } from './validate-spec.js'
