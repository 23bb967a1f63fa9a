import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { fillIssuerTemplate } from '../runtime/provider/lib/issuer-template.js'
import type { ProviderSpec } from '../runtime/provider/spec-types.js'
import { createMockSignedSecret, type MockSignedSecret } from './signed-client-secret.js'

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
  /** The challenge's method: `plain` only for a spec whose `pkceMethod` is `plain`. */
  challengeMethod: 'S256' | 'plain'
}

/** What an OAuth 2.0 / OpenID Connect mock remembers between requests. */
export interface OAuth2MockState {
  spec: ProviderSpec
  /** Name of the client id parameter: the spec's `clientIdParam` (TikTok `client_key`), else `client_id`. */
  clientIdParam: string
  /** The signing key and checks of a spec with `signedClientSecret`. */
  signedSecret: MockSignedSecret | undefined
  expiresIn: number
  grants: Map<string, MockGrant>
  accessTokens: Map<string, { clientId: string; scopes: string[] }>
  refreshTokens: Map<string, { clientId: string; scopes: string[]; echoed: Record<string, string> }>
  /** The public signing key, as served at `/jwks`. */
  jwk: JWK
  /**
   * An ID token for the signed-in user, issued by `issuer` (or the spec's `idToken.issuerTemplate`
   * filled with the token's own `mock-<claim>` claims), signed RS256 unless the spec's
   * `idToken.algorithms` asks for an HS* algorithm, which signs with the client secret.
   */
  signIdToken(
    issuer: string,
    clientId: string,
    nonce: string | undefined,
    claims: Record<string, string>,
  ): Promise<string>
  /** The signed-in user's claims (ID token and UserInfo). */
  userClaims(): Record<string, unknown>
}

/**
 * Fresh state with a new RS256 key pair, signing in `subject`; `clientSecret`, the secret the mock
 * shares with its client, is the key of HS* ID tokens (`idToken.algorithms`).
 */
export async function createOAuth2State(
  spec: ProviderSpec,
  subject: string,
  expiresIn: number,
  clientSecret: string,
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
  const hmac = spec.idToken?.algorithms?.find((alg) => alg.startsWith('HS'))
  const template = spec.idToken?.issuerTemplate
  // Each `{claim}` of a templated issuer (Entra `{tid}`) is a claim of the token that fills it:
  // the issuer and those claims are fixed, so both are worked out once here.
  const templated: Record<string, string> = {}
  const templatedIssuer =
    template &&
    fillIssuerTemplate(template, (name) => {
      templated[name] = `mock-${name}`
      return templated[name]
    })
  return {
    spec,
    clientIdParam: spec.clientIdParam ?? 'client_id',
    signedSecret: spec.signedClientSecret ? await createMockSignedSecret(spec.signedClientSecret) : undefined,
    expiresIn,
    grants: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    jwk,
    userClaims,
    signIdToken: (issuer, clientId, nonce, claims) =>
      new SignJWT({ ...userClaims(), ...templated, ...claims, ...(nonce ? { nonce } : {}) })
        .setProtectedHeader(hmac ? { alg: hmac } : { alg: 'RS256', kid: 'mock-key' })
        .setIssuer(templatedIssuer ?? issuer)
        .setAudience(clientId)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(hmac ? new TextEncoder().encode(clientSecret) : privateKey),
  }
}
