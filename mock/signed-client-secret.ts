import { exportPKCS8, generateKeyPair, jwtVerify } from 'jose'
import type { SignedClientSecretSpec } from '../runtime/provider/spec-types.js'

/** The key a mock of a `signedClientSecret` spec gives its clients, and how it checks secrets. */
export interface MockSignedSecret {
  /** What the client needs: `{ teamId, keyId, privateKey }` (PKCS#8 PEM). */
  credentials: { teamId: string; keyId: string; privateKey: string }
  /** Why the provider would refuse this `client_secret` of `clientId`, or undefined. */
  refusal(secret: string | null, clientId: string): Promise<string | undefined>
}

const TEAM_ID = 'MOCKTEAM01'
const KEY_ID = 'MOCKKEY001'

/**
 * The mock owner of `signedClientSecret`: a fresh key pair of the spec's algorithm whose private
 * half (PKCS#8 PEM) the mock hands out, and the provider's checks of each client secret: signed
 * by that key with the spec's `alg` and the registered `kid`, `iss` the team id, `sub` the client
 * id, `aud` the spec's audience, not expired and living no longer than `lifetime`.
 */
export async function createMockSignedSecret(spec: SignedClientSecretSpec): Promise<MockSignedSecret> {
  const { privateKey, publicKey } = await generateKeyPair(spec.alg, { extractable: true })
  return {
    credentials: { teamId: TEAM_ID, keyId: KEY_ID, privateKey: await exportPKCS8(privateKey) },
    async refusal(secret, clientId) {
      if (!secret) return 'client_secret is required'
      try {
        const { payload, protectedHeader } = await jwtVerify(secret, publicKey, {
          algorithms: [spec.alg],
          issuer: TEAM_ID,
          subject: clientId,
          audience: spec.audience,
          requiredClaims: ['iat', 'exp'],
        })
        if (protectedHeader.kid !== KEY_ID) return `client_secret kid must be ${KEY_ID}`
        if ((payload.exp ?? 0) - (payload.iat ?? 0) > spec.lifetime) return 'client_secret lives too long'
        return undefined
      } catch (err) {
        return `client_secret is not a valid signed secret: ${(err as Error).message}`
      }
    },
  }
}
