import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { google } from '../../generated/providers/google.js'
import { oidc } from '../../generated/providers/oidc.js'

/**
 * The OpenID Connect path of the generated clients against a local issuer: discovery, ID token
 * validated with the issuer's JWKS and the nonce, UserInfo with its sub checked.
 */
let server: Server
let issuer: string
let privateKey: CryptoKey
let userinfoSub = 'user-1'
let lastNonce: string | undefined
const tokenBodies: URLSearchParams[] = []

beforeAll(async () => {
  const pair = await generateKeyPair('RS256')
  privateKey = pair.privateKey
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', async () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      const path = new URL(req.url ?? '/', issuer).pathname
      if (path === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          revocation_endpoint: `${issuer}/revoke`,
          id_token_signing_alg_values_supported: ['RS256'],
        })
      }
      if (path === '/jwks') return json(200, { keys: [jwk] })
      if (path === '/userinfo') return json(200, { sub: userinfoSub, name: 'Ada', picture: 'https://p/ada' })
      if (path === '/token') {
        tokenBodies.push(new URLSearchParams(body))
        const idToken = await new SignJWT({
          email: 'ada@example.com',
          email_verified: true,
          nonce: lastNonce,
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(issuer)
          .setSubject('user-1')
          .setAudience('rp')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey)
        return json(200, {
          access_token: 'at',
          token_type: 'Bearer',
          expires_in: 3600,
          id_token: idToken,
          refresh_token: 'rt',
          refresh_token_expires_in: 604800,
        })
      }
      json(404, { error: 'not_found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

interface Loginable<T> {
  authorizationUrl(): Promise<{ url: URL; session: never }>
  callback(url: string, session: never): Promise<T>
}

async function login<T>(client: Loginable<T>) {
  const { url, session } = await client.authorizationUrl()
  lastNonce = url.searchParams.get('nonce') ?? undefined
  const cb = `http://127.0.0.1/cb?code=c&state=${url.searchParams.get('state')}`
  return { url, tokens: await client.callback(cb, session) }
}

describe('generic OpenID Connect client (issuer at run time)', () => {
  const client = () =>
    oidc({ issuer, clientId: 'rp', clientSecret: 'secret', redirectUri: 'http://127.0.0.1/cb' })

  it('discovers, sends a nonce, validates the ID token and maps the profile', async () => {
    userinfoSub = 'user-1'
    const c = client()
    const { url, tokens } = await login<Awaited<ReturnType<typeof c.callback>>>(c as never)
    expect(url.origin).toBe(issuer)
    expect(lastNonce).toBeTruthy()
    expect(tokens.claims?.sub).toBe('user-1')
    const profile = await c.profile(tokens)
    expect(profile).toMatchObject({
      id: 'user-1',
      name: 'Ada',
      email: 'ada@example.com',
      emailVerified: true,
    })
  })

  it('a UserInfo response for another subject is refused', async () => {
    userinfoSub = 'someone-else'
    const c = client()
    const { tokens } = await login<Awaited<ReturnType<typeof c.callback>>>(c as never)
    await expect(c.profile(tokens)).rejects.toMatchObject({ code: 'USERINFO_SUB_MISMATCH' })
  })

  it('an ID token with another nonce is refused', async () => {
    const c = client()
    const { url, session } = await c.authorizationUrl()
    lastNonce = 'not-the-nonce'
    const cb = `http://127.0.0.1/cb?code=c&state=${url.searchParams.get('state')}`
    await expect(c.callback(cb, session)).rejects.toMatchObject({ code: 'NONCE_MISMATCH' })
  })
})

describe('Google client through its issuer', () => {
  it('access_type and prompt are typed parameters; refresh_token_expires_in is a typed field', async () => {
    userinfoSub = 'user-1'
    const g = google({
      clientId: 'rp',
      clientSecret: 'secret',
      redirectUri: 'http://127.0.0.1/cb',
      endpointOverrides: { issuer, revocation: `${issuer}/revoke` },
    })
    const { url } = await g.authorizationUrl({
      params: { access_type: 'offline', prompt: 'consent', hd: 'example.com' },
    })
    expect(url.searchParams.get('access_type')).toBe('offline')
    expect(url.searchParams.get('prompt')).toBe('consent')
    expect(url.searchParams.get('hd')).toBe('example.com')
    const { tokens } = await login<Awaited<ReturnType<typeof g.callback>>>(g as never)
    expect(tokens.fields.refresh_token_expires_in).toBe(604800)
    expect(tokenBodies.at(-1)?.get('client_secret')).toBe('secret')
  })
})
