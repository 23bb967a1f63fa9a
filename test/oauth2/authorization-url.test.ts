import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import { buildAuthorizationUrl } from '../../runtime/oauth2/authorization-url.js'
import type { ServerMetadata } from '../../runtime/oauth2/types.js'

const metadata: ServerMetadata = {
  issuer: 'https://as.example',
  authorization_endpoint: 'https://as.example/authorize?tenant=t1',
  token_endpoint: 'https://as.example/token',
}
const client = { clientId: 'app-1' }
const redirectUri = 'https://app.example/cb'

describe('buildAuthorizationUrl', () => {
  it('sets state, PKCE S256 and keeps the endpoint query; the transaction holds what the callback needs', async () => {
    const { url, transaction } = await buildAuthorizationUrl({
      metadata,
      client,
      redirectUri,
      scope: ['read', 'write'],
      now: () => 1_700_000_000_000,
    })
    const q = url.searchParams
    expect(url.origin + url.pathname).toBe('https://as.example/authorize')
    expect(q.get('tenant')).toBe('t1')
    expect(q.get('response_type')).toBe('code')
    expect(q.get('client_id')).toBe('app-1')
    expect(q.get('redirect_uri')).toBe(redirectUri)
    expect(q.get('scope')).toBe('read write')
    expect(q.get('state')).toBe(transaction.state)
    expect(transaction.state.length).toBeGreaterThanOrEqual(43) // 32 bytes base64url
    expect(q.get('code_challenge_method')).toBe('S256')
    expect(q.get('code_challenge')).toBe(
      createHash('sha256').update(transaction.codeVerifier!).digest('base64url'),
    )
    expect(q.has('nonce')).toBe(false)
    expect(transaction).toMatchObject({
      redirectUri,
      clientId: 'app-1',
      issuer: 'https://as.example',
      responseType: 'code',
      scope: ['read', 'write'],
      createdAt: 1_700_000_000_000,
    })
    expect(transaction.nonce).toBeUndefined()
  })

  it('adds a nonce when openid is requested, and state differs between calls', async () => {
    const a = await buildAuthorizationUrl({ metadata, client, redirectUri, scope: ['openid'] })
    const b = await buildAuthorizationUrl({ metadata, client, redirectUri, scope: ['openid'] })
    expect(a.transaction.nonce).toMatch(/^[\w-]{43}$/)
    expect(a.url.searchParams.get('nonce')).toBe(a.transaction.nonce)
    expect(a.transaction.state).not.toBe(b.transaction.state)
    expect(a.transaction.nonce).not.toBe(b.transaction.nonce)
  })

  it('honours pkce plain, pkce false, nonce false, response_mode, max_age, extra params and a comma delimiter', async () => {
    const plain = await buildAuthorizationUrl({ metadata, client, redirectUri, pkce: 'plain' })
    expect(plain.url.searchParams.get('code_challenge_method')).toBe('plain')
    expect(plain.url.searchParams.get('code_challenge')).toBe(plain.transaction.codeVerifier)

    const { url, transaction } = await buildAuthorizationUrl({
      endpoint: 'https://other.example/auth',
      client,
      redirectUri,
      scope: ['openid', 'email'],
      scopeDelimiter: ',',
      pkce: false,
      nonce: false,
      responseMode: 'form_post',
      maxAge: 300,
      prompt: 'consent',
      extraParams: { audience: 'api', access_type: 'offline', skipped: undefined },
      issuer: 'https://other.example',
    })
    const q = url.searchParams
    expect(q.has('code_challenge')).toBe(false)
    expect(q.has('nonce')).toBe(false)
    expect(q.get('scope')).toBe('openid,email')
    expect(q.get('response_mode')).toBe('form_post')
    expect(q.get('max_age')).toBe('300')
    expect(q.get('prompt')).toBe('consent')
    expect(q.get('audience')).toBe('api')
    expect(q.get('access_type')).toBe('offline')
    expect(q.has('skipped')).toBe(false)
    expect(transaction).toMatchObject({
      maxAge: 300,
      responseMode: 'form_post',
      issuer: 'https://other.example',
    })
    expect(transaction.codeVerifier).toBeUndefined()
  })

  it.each([
    'state',
    'nonce',
    'code_challenge',
    'code_challenge_method',
    'redirect_uri',
    'client_id',
    'response_type',
  ])('refuses extraParams that set %s', async (name) => {
    await expect(
      buildAuthorizationUrl({ metadata, client, redirectUri, extraParams: { [name]: 'attacker' } }),
    ).rejects.toThrow(new RegExp(`"extraParams" must not set "${name}"`))
  })

  it.each([
    ['no redirect URI', { redirectUri: undefined }, /"redirectUri" is required/],
    ['a relative redirect URI', { redirectUri: '/cb' }, /"redirectUri" must be an absolute URL/],
    ['a redirect URI with a fragment', { redirectUri: 'https://app.example/cb#x' }, /fragment/],
    ['http off loopback', { redirectUri: 'http://app.example/cb' }, /https/],
    ['a javascript: redirect URI', { redirectUri: 'javascript:alert(1)' }, /must not use javascript:/],
    ['a short state', { redirectUri, state: 'abc' }, /"state" must be at least 22/],
    ['a negative maxAge', { redirectUri, maxAge: -1 }, /"maxAge"/],
    [
      'an http endpoint',
      { redirectUri, endpoint: 'http://as.example/authorize' },
      /"endpoint" must be an absolute https/,
    ],
  ])('refuses %s', async (_name, override, message) => {
    const err = await buildAuthorizationUrl({ metadata, client, ...override }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ArgumentError)
    expect((err as Error).message).toMatch(message)
  })

  it('accepts loopback http and private-use scheme redirect URIs (RFC 8252)', async () => {
    for (const uri of ['http://127.0.0.1:8080/cb', 'com.example.app:/oauth2redirect']) {
      const { url } = await buildAuthorizationUrl({ metadata, client, redirectUri: uri })
      expect(url.searchParams.get('redirect_uri')).toBe(uri)
    }
  })

  it('requires an endpoint', async () => {
    await expect(buildAuthorizationUrl({ client, redirectUri })).rejects.toThrow(/"endpoint" is required/)
  })
})
