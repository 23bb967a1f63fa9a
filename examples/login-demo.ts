/**
 * `npm run example`: a full OpenID Connect login with authspec's client runtime against a real
 * OpenID Provider (the `oidc-provider` package) started locally on 127.0.0.1. Nothing leaves
 * the machine. Each protocol step prints one line; the process exits 0 when all succeed.
 */
import { OAuthError } from '../runtime/errors.js'
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  type ClientConfig,
  createTokenSet,
  discover,
  refreshTokenGrant,
  validateCallback,
} from '../runtime/oauth2/index.js'
import { createRemoteJwks, fetchUserInfo, validateIdToken } from '../runtime/oidc/index.js'

const started = Date.now()
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s)
const TOTAL = 9
let current = 0
function step(title: string): void {
  current++
  console.log(`\n${bold(`[${current}/${TOTAL}] ${title}`)}`)
}
function detail(label: string, value: unknown): void {
  console.log(`      ${label.padEnd(16)} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
}
const short = (token: string) => (token.length > 24 ? `${token.slice(0, 12)}…${token.slice(-6)}` : token)

// oidc-provider warns at load time about its development set-up (in-memory store, Node version).
// Both are expected for a local demo; count them instead of letting them interleave the steps.
const providerWarnings: string[] = []
const warn = console.warn
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ')
  if (text.includes('oidc-provider WARNING')) providerWarnings.push(text)
  else warn(...args)
}
const { loginThroughProvider, startLocalProvider } = await import('./local-provider/index.js')

console.log(bold('authspec login demo: OpenID Connect authorization code flow with PKCE, locally'))

step('Start an OpenID Provider (oidc-provider) on 127.0.0.1')
const op = await startLocalProvider()
detail('issuer', op.issuer)
if (providerWarnings.length > 0)
  detail('note', dim(`${providerWarnings.length} development warnings from oidc-provider`))

try {
  step('Discovery: read the provider metadata (OIDC Discovery 1.0, RFC 8414)')
  const metadata = await discover(op.issuer)
  detail('issuer checked', metadata.issuer === op.issuer ? 'matches the one asked for' : 'MISMATCH')
  detail('authorization', metadata.authorization_endpoint)
  detail('token', metadata.token_endpoint)
  detail(
    'RFC 9207 iss',
    metadata.authorization_response_iss_parameter_supported ? 'supported' : 'not supported',
  )

  const registered = op.clients.confidential
  const client: ClientConfig = {
    clientId: registered.clientId,
    clientSecret: registered.clientSecret,
    authMethod: 'client_secret_basic',
    redirectUri: registered.redirectUri,
  }

  step('Build the authorization URL (state, PKCE S256, nonce)')
  const { url, transaction } = await buildAuthorizationUrl({
    metadata,
    client,
    scope: ['openid', 'profile', 'email', 'offline_access'],
    prompt: 'consent',
  })
  detail('url', `${url.origin}${url.pathname}?…`)
  detail('state', short(transaction.state))
  detail('code_challenge', `${url.searchParams.get('code_challenge')} (S256)`)
  detail('nonce', short(transaction.nonce ?? ''))

  step(`Sign in as "${op.user.username}" and consent (the provider's HTML forms, over HTTP)`)
  const callbackUrl = await loginThroughProvider(url, op.user)
  detail('redirected to', `${callbackUrl.origin}${callbackUrl.pathname}`)
  detail('parameters', [...callbackUrl.searchParams.keys()].join(', '))

  step('Validate the callback (state in constant time, iss per RFC 9207)')
  const callback = validateCallback(callbackUrl, transaction, { metadata })
  detail('state', 'matches')
  detail('iss', `${callback.iss} (expected issuer)`)
  detail('code', short(callback.code))

  step('Exchange the code at the token endpoint (client_secret_basic + code_verifier)')
  const tokens = createTokenSet(await authorizationCodeGrant({ metadata, client, transaction, callback }))
  detail('access_token', short(tokens.accessToken))
  detail('refresh_token', short(tokens.refreshToken ?? '(none)'))
  detail('expires in', `${Math.round(tokens.expiresIn() ?? 0)} s`)
  detail('scopes', tokens.scopes.join(' '))

  step('Validate the ID token (signature via JWKS, iss, aud, exp, iat, nonce, at_hash)')
  const jwks = createRemoteJwks(metadata.jwks_uri!)
  const claims = await validateIdToken(tokens.idToken!, {
    issuer: metadata.issuer,
    clientId: client.clientId,
    keys: jwks,
    metadata,
    nonce: transaction.nonce,
    accessToken: tokens.accessToken,
  })
  detail('sub', claims.sub)
  detail('aud', claims.aud)
  detail('expires', new Date(claims.exp * 1000).toISOString())

  step('Fetch UserInfo (its sub must equal the ID token sub)')
  const userinfo = await fetchUserInfo(metadata.userinfo_endpoint!, tokens.accessToken, {
    expectedSub: claims.sub,
  })
  detail('name', userinfo.name)
  detail('email', `${userinfo.email} (verified: ${userinfo.email_verified})`)

  step('Refresh the tokens (the provider rotates the refresh token)')
  const renewed = createTokenSet(
    await refreshTokenGrant({ metadata, client, refreshToken: tokens.refreshToken! }),
    { previous: tokens },
  )
  detail('access_token', `${short(renewed.accessToken)} (new)`)
  detail(
    'refresh_token',
    `${short(renewed.refreshToken ?? '')} (rotated: ${renewed.refreshToken !== tokens.refreshToken})`,
  )

  console.log(`\n${bold(`Login complete for ${userinfo.name} in ${Date.now() - started} ms.`)}`)
} catch (error) {
  if (error instanceof OAuthError) {
    console.error(
      `\nstep ${current} failed: ${error.code} ${error.error}: ${error.error_description ?? error.message}`,
    )
  } else {
    console.error(`\nstep ${current} failed:`, error)
  }
  process.exitCode = 1
} finally {
  await op.close()
  console.warn = warn
}
