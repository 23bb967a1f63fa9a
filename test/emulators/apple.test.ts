import { decodeJwt, exportJWK, exportPKCS8, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apple } from '../../generated/providers/apple.js'
import { rejection } from '../helpers/rejection.js'
import { APPLE_ISSUER, APPLE_SECRET_MAX_AGE, type AppleEmulator, startAppleEmulator } from './apple.js'
import { followFormPost, formPost } from './lib/client.js'
import { halfHash } from './lib/keys.js'

/** The generated `apple` client against the Sign in with Apple emulator over HTTP on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/apple'
const CLIENT = { clientId: 'com.example.web', teamId: 'TEAM123456', keyId: 'KEY1234567' }
let emu: AppleEmulator
let privateKey: string
let cryptoKey: CryptoKey

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true })
  privateKey = await exportPKCS8(pair.privateKey)
  cryptoKey = pair.privateKey
  emu = await startAppleEmulator({
    users: [
      {
        sub: '001234.abc',
        email: 'jane@privaterelay.appleid.com',
        isPrivateEmail: true,
        firstName: 'Jane',
        lastName: 'Doe',
      },
    ],
    clients: [{ ...CLIENT, publicKey: await exportJWK(pair.publicKey), redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

const client = (over: Partial<Parameters<typeof apple>[0]> = {}) =>
  apple({ ...CLIENT, privateKey, redirectUri: REDIRECT, hostMap: { [APPLE_ISSUER]: emu.url }, ...over })

async function signIn(c = client()) {
  const { url, session } = await c.authorizationUrl()
  const posted = await followFormPost(url)
  expect(posted.action).toBe(REDIRECT)
  return { tokens: await c.callback(posted.body, session), posted: posted.body }
}

/** A client secret signed by hand, for the refusals. */
async function secret(
  claims: { iss?: string; sub?: string; aud?: string; exp?: number },
  kid = CLIENT.keyId,
) {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(claims.iss ?? CLIENT.teamId)
    .setSubject(claims.sub ?? CLIENT.clientId)
    .setAudience(claims.aud ?? APPLE_ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 300)
    .sign(cryptoKey)
}

describe('apple emulator with the generated client', () => {
  it('full login: form_post callback, the first-login user, ID token, refresh, revoke', async () => {
    const { tokens, posted } = await signIn()
    expect(JSON.parse(posted.get('user')!)).toEqual({
      name: { firstName: 'Jane', lastName: 'Doe' },
      email: 'jane@privaterelay.appleid.com',
    })
    expect(tokens.claims).toMatchObject({ iss: APPLE_ISSUER, aud: CLIENT.clientId, sub: '001234.abc' })
    const profile = await client().profile(tokens)
    expect(profile).toMatchObject({
      id: '001234.abc',
      name: 'Jane Doe',
      email: 'jane@privaterelay.appleid.com',
      emailVerified: true,
    })
    const refreshed = await client().refresh(tokens)
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
    await client().revoke(tokens.refreshToken!, { tokenTypeHint: 'refresh_token' })
    expect(emu.state.revoked).toContain(tokens.refreshToken)
    // Every token request carried a fresh ES256 secret the emulator verified.
    const secrets = emu.state.requests.filter((r) => r.path !== '/auth/authorize' && r.method === 'POST')
    expect(
      secrets.every((r) => new URLSearchParams(r.body).get('client_secret')?.split('.').length === 3),
    ).toBe(true)
  })

  it('the user JSON comes only with the first authorisation (again after a revocation)', async () => {
    // The first test revoked its grant, so this sign-in counts as a first one.
    expect((await signIn()).posted.has('user')).toBe(true)
    const again = await signIn()
    expect(again.posted.has('user')).toBe(false)
    expect((await client().profile(again.tokens)).name).toBeNull()
  })

  it('scopes without response_mode=form_post are refused with an error page', async () => {
    const res = await fetch(
      `${emu.url}/auth/authorize?${new URLSearchParams({ client_id: CLIENT.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'name email', response_mode: 'query' })}`,
      { redirect: 'manual' },
    )
    expect(res.status).toBe(400)
  })

  it('a secret signed by another key is refused as invalid_client', async () => {
    const other = await generateKeyPair('ES256', { extractable: true })
    const c = client({ privateKey: await exportPKCS8(other.privateKey) })
    const { url, session } = await c.authorizationUrl()
    const err = await rejection(c.callback((await followFormPost(url)).body, session))
    expect(err).toMatchObject({ error: 'invalid_client' })
  })

  it('a secret with the wrong key id or team id is refused', async () => {
    for (const over of [{ keyId: 'OTHERKEY00' }, { teamId: 'OTHERTEAM0' }]) {
      const c = client(over)
      const { url, session } = await c.authorizationUrl()
      expect(await rejection(c.callback((await followFormPost(url)).body, session))).toMatchObject({
        error: 'invalid_client',
      })
    }
  })

  it.each([
    ['sub another client', { sub: 'com.example.other' }],
    ['aud not appleid.apple.com', { aud: 'https://example.com' }],
    ['expired', { exp: Math.floor(Date.now() / 1000) - 10 }],
    ['exp beyond six months', { exp: Math.floor(Date.now() / 1000) + APPLE_SECRET_MAX_AGE + 60 }],
  ])('refresh with a secret whose %s: invalid_client', async (_n, claims) => {
    const { tokens } = await signIn()
    const res = await formPost(`${emu.url}/auth/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken!,
      client_id: CLIENT.clientId,
      client_secret: await secret(claims),
    })
    expect([res.status, await res.json()]).toEqual([400, { error: 'invalid_client' }])
  })

  it('a valid six-month secret works; a code is single-use and bound to its redirect_uri', async () => {
    const { url } = await client().authorizationUrl()
    const code = (await followFormPost(url)).body.get('code')!
    const ok = {
      client_id: CLIENT.clientId,
      client_secret: await secret({ exp: Math.floor(Date.now() / 1000) + APPLE_SECRET_MAX_AGE - 60 }),
      grant_type: 'authorization_code',
      code,
    }
    expect(
      (await formPost(`${emu.url}/auth/token`, { ...ok, redirect_uri: 'https://app.example/other' })).status,
    ).toBe(400)
    expect((await formPost(`${emu.url}/auth/token`, { ...ok, redirect_uri: REDIRECT })).status).toBe(200)
    const replay = await formPost(`${emu.url}/auth/token`, { ...ok, redirect_uri: REDIRECT })
    expect(await replay.json()).toEqual({ error: 'invalid_grant' })
  })

  it('response_type=code id_token adds an ID token with c_hash to the form_post', async () => {
    const posted = await followFormPost(
      `${emu.url}/auth/authorize?${new URLSearchParams({ client_id: CLIENT.clientId, redirect_uri: REDIRECT, response_type: 'code id_token', scope: 'email', response_mode: 'form_post', nonce: 'n-1' })}`,
    )
    const claims = decodeJwt(posted.body.get('id_token')!)
    expect(claims).toMatchObject({
      iss: APPLE_ISSUER,
      aud: CLIENT.clientId,
      nonce: 'n-1',
      c_hash: await halfHash(posted.body.get('code')!),
    })
  })

  it('a cancelled login comes back by form_post as user_cancelled_authorize', async () => {
    emu.login.decision = 'deny'
    try {
      const c = client()
      const { url, session } = await c.authorizationUrl()
      const posted = await followFormPost(url)
      expect(posted.body.get('error')).toBe('user_cancelled_authorize')
      await expect(c.callback(posted.body, session)).rejects.toMatchObject({
        error: 'user_cancelled_authorize',
      })
    } finally {
      emu.login.decision = 'approve'
    }
  })
})
