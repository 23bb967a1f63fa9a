/**
 * Key sets, rotation, JWKS export, JWT signing and verification with claims options — a thin
 * layer over `jose`, which does all cryptography.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7519
 */
export { checkClaims } from './check-claims.js'
export { createJwksResolver } from './create-jwks-resolver.js'
export { createKeyResolver, type VerificationKey } from './create-key-resolver.js'
export { type DecodeJwtOptions, decodeJwtUnverified } from './decode-jwt-unverified.js'
export { mapJoseError } from './errors.js'
export { exportSigningKey } from './export-signing-key.js'
export { type GenerateSigningKeyOptions, generateSigningKey } from './generate-signing-key.js'
export { type ImportSigningKeyOptions, importSigningKey } from './import-signing-key.js'
export { KeySet, type KeySetJSON, type KeySetOptions } from './key-set.js'
export { type SignJwtOptions, signJwt } from './sign-jwt.js'
export { toPublicJwk } from './to-public-jwk.js'
export type {
  ClaimOption,
  ClaimsOptions,
  DecodedJwt,
  HmacAlgorithm,
  JwsAlgorithm,
  KeyResolver,
  PrivateJwk,
  PublicJwk,
  SigningAlgorithm,
  SigningKey,
} from './types.js'
export {
  MAX_CLOCK_TOLERANCE,
  type VerificationKeyInput,
  type VerifyJwtOptions,
  verifyJwt,
} from './verify-jwt.js'
