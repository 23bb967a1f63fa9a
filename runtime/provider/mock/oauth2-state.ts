import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import type { ProviderSpec } from '../spec-types.js'

/** An authorization code waiting for its exchange. */
export interface MockGrant {
  clientId: string
  redirectUri: string
  scopes: string[]
  challenge: string | undefined
  nonce: string | undefined
  echoed: Record<string, string>
  /** Claims the authorization parameters asked the ID token to carry (spec `checkClaim`). */
  claims: Record<string, string>
}

/** What an OAuth 2.0 / OpenID Connect mock remembers between requests. */
export interface OAuth2MockState {
  spec: ProviderSpec
  subject: string
  expiresIn: number
  grants: Map<string, MockGrant>
  accessTokens: Map<string, { clientId: string; scopes: string[] }>
  refreshTokens: Map<string, { clientId: string; scopes: string[]; echoed: Record<string, string> }>
  /** The public signing key, as served at `/jwks`. */
  jwk: JWK
  /** An RS256 ID token for the signed-in user, issued by `issuer`. */
  signIdToken(
    issuer: string,
    clientId: string,
    nonce: string | undefined,
    claims: Record<string, string>,
  ): Promise<string>
  /** The signed-in user's claims (ID token and UserInfo). */
  userClaims(): Record<string, unknown>
}

/** Fresh state with a new RS256 key pair. */
export async function createOAuth2State(
  spec: ProviderSpec,
  subject: string,
  expiresIn: number,
): Promise<OAuth2MockState> {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'mock-key', alg: 'RS256', use: 'sig' }
  const userClaims = () => ({
    sub: subject,
    name: 'Mock User',
    email: 'mock.user@example.com',
    email_verified: true,
    picture: 'https://example.com/avatar.png',
  })
  return {
    spec,
    subject,
    expiresIn,
    grants: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    jwk,
    userClaims,
    signIdToken: (issuer, clientId, nonce, claims) =>
      new SignJWT({ ...userClaims(), ...claims, ...(nonce ? { nonce } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid: 'mock-key' })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
  }
}
