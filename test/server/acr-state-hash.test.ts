import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toNodeListener } from '../../runtime/http/node.js'
import { sha256Base64url } from '../../runtime/lib/random.js'
import {
  type AuthorizationServer,
  type ConsentRequest,
  createAuthorizationServer,
  hybridGrant,
  openIdExtension,
  pkceExtension,
} from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'
import { CHALLENGE, testKeys, USERS, VERIFIER } from './fixtures.js'

const REDIRECT = 'http://127.0.0.1/cb'
let http: Server
let issuer: string
let servers: Record<'plain' | 'configured' | 'stepUp', AuthorizationServer>
let current: AuthorizationServer
let userAcr: string | undefined
let lastConsent: ConsentRequest | undefined

beforeAll(async () => {
  http = createServer(toNodeListener((r) => current.handler(r)))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const store = new MemoryStore()
  await store.saveClient({
    clientId: 'rp',
    clientSecretHash: await sha256Base64url('rp-secret'),
    tokenEndpointAuthMethod: 'client_secret_post',
    redirectUris: [REDIRECT],
    grantTypes: ['authorization_code'],
    responseTypes: ['code', 'code id_token'],
    scope: 'openid email',
  })
  const common = {
    issuer,
    store,
    keys: await testKeys(),
    scopesSupported: ['openid', 'email'],
    findUserClaims: async (sub: string) => USERS[sub],
    authorize: async (consent: ConsentRequest) => {
      lastConsent = consent
      return { user: { sub: 'alice', authTime: Math.floor(Date.now() / 1000), acr: userAcr }, approved: true }
    },
  }
  servers = {
    plain: createAuthorizationServer(common),
    configured: createAuthorizationServer({
      ...common,
      acrValuesSupported: ['urn:example:loa:1', 'urn:example:loa:2'],
      idTokenStateHash: true,
    }),
    // The routed endpoint with the app's session: a login page whenever the server says so.
    stepUp: createAuthorizationServer({
      ...common,
      currentUser: async () => ({ sub: 'alice', authTime: Math.floor(Date.now() / 1000), acr: userAcr }),
      authorize: async (consent) => {
        lastConsent = consent
        if (consent.loginRequired) return new Response('step up', { status: 200 })
        return {
          user: { sub: 'alice', authTime: Math.floor(Date.now() / 1000), acr: userAcr },
          approved: true,
        }
      },
    }),
  }
  for (const s of Object.values(servers))
    s.registerGrant(hybridGrant('code id_token'), [pkceExtension(), openIdExtension()])
  current = servers.plain
})

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()))
})

/** Runs the routed authorization endpoint; returns the redirect's parameters (query or fragment). */
async function authorize(params: Record<string, string>, responseType = 'code') {
  const url = new URL(`${issuer}/authorize`)
  url.search = new URLSearchParams({
    client_id: 'rp',
    redirect_uri: REDIRECT,
    response_type: responseType,
    scope: 'openid email',
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...params,
  }).toString()
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  const location = new URL(res.headers.get('location')!)
  return responseType === 'code' ? location.searchParams : new URLSearchParams(location.hash.slice(1))
}

async function idTokenFor(code: string) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      client_id: 'rp',
      client_secret: 'rp-secret',
    }),
  })
  expect(res.status).toBe(200)
  return decodeJwt(((await res.json()) as { id_token: string }).id_token)
}

const claims = (acr: Record<string, unknown> | null) => JSON.stringify({ id_token: { acr } })

describe('essential acr (OIDC Core §5.5.1.1) over HTTP', () => {
  it.each([
    ['values, acr not among them', { essential: true, values: ['gold', 'silver'] }, 'bronze'],
    ['value, no acr at all', { essential: true, value: 'gold' }, undefined],
    ['essential without values, no acr at all', { essential: true }, undefined],
  ])('answers access_denied (no code, no token) for %s', async (_name, acr, authenticated) => {
    userAcr = authenticated
    const q = await authorize({ claims: claims(acr) })
    expect(q.get('error')).toBe('access_denied')
    expect(q.get('error_description')).toBe('the authentication does not meet the essential acr requested')
    expect(q.get('state')).toBe('st-1')
    expect(q.get('iss')).toBe(issuer)
    expect(q.has('code')).toBe(false)
  })

  it.each([
    ['one of the essential values', { essential: true, values: ['gold', 'silver'] }, 'silver'],
    ['the essential value', { essential: true, value: 'gold' }, 'gold'],
    ['any acr when essential lists none', { essential: true }, 'bronze'],
    ['a voluntary request the acr does not meet', { values: ['gold'] }, 'bronze'],
    ['no acr request at all', null, 'bronze'],
  ])('issues an ID token claiming the authenticated acr for %s', async (_name, acr, authenticated) => {
    userAcr = authenticated
    const q = await authorize({ claims: claims(acr) })
    expect(q.get('error')).toBeNull()
    expect((await idTokenFor(q.get('code')!))['acr']).toBe(authenticated)
  })

  it('tells the app the essential values and acr_values through the consent request', async () => {
    userAcr = 'gold'
    await authorize({
      acr_values: 'urn:example:loa:2 urn:example:loa:1',
      claims: claims({ essential: true, values: ['gold'] }),
    })
    expect(lastConsent?.acrValues).toEqual(['urn:example:loa:2', 'urn:example:loa:1', 'gold'])
    expect(lastConsent?.essentialAcrValues).toEqual(['gold'])
    await authorize({ acr_values: 'urn:example:loa:1' })
    expect(lastConsent?.acrValues).toEqual(['urn:example:loa:1'])
    expect(lastConsent?.essentialAcrValues).toBeUndefined()
  })

  it('sends no front-channel ID token when the essential acr is not met (hybrid)', async () => {
    userAcr = 'bronze'
    const f = await authorize({ claims: claims({ essential: true, values: ['gold'] }) }, 'code id_token')
    expect(f.get('error')).toBe('access_denied')
    expect(f.has('id_token')).toBe(false)
    expect(f.has('code')).toBe(false)
  })
})

describe('essential acr with the signed-in user (consent split)', () => {
  const step = async (params: Record<string, string>) => {
    current = servers.stepUp
    try {
      const url = new URL(`${issuer}/authorize`)
      url.search = new URLSearchParams({
        client_id: 'rp',
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'openid',
        state: 'st-2',
        nonce: 'n',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
        claims: claims({ essential: true, values: ['gold'] }),
        ...params,
      }).toString()
      return await fetch(url, { redirect: 'manual' })
    } finally {
      current = servers.plain
    }
  }

  it('asks the app to step up (loginRequired) when the session acr misses the essential one', async () => {
    userAcr = 'bronze'
    const res = await step({})
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('step up')
    expect(lastConsent?.loginRequired).toBe(true)
    expect(lastConsent?.essentialAcrValues).toEqual(['gold'])
  })

  it('answers prompt=none with login_required when a step-up is needed', async () => {
    userAcr = 'bronze'
    const res = await step({ prompt: 'none' })
    expect(res.status).toBe(302)
    const q = new URL(res.headers.get('location')!).searchParams
    expect(q.get('error')).toBe('login_required')
    expect(q.get('error_description')).toBe('the authentication does not meet the essential acr requested')
    expect(q.get('state')).toBe('st-2')
  })

  it('approves without a step-up when the session acr meets it', async () => {
    userAcr = 'gold'
    const res = await step({})
    expect(res.status).toBe(302)
    expect(lastConsent?.loginRequired).toBe(false)
    const code = new URL(res.headers.get('location')!).searchParams.get('code')
    expect((await idTokenFor(code!))['acr']).toBe('gold')
  })
})

describe('s_hash and configuration-driven discovery', () => {
  const leftHalf = (s: string) =>
    createHash('sha256').update(s).digest().subarray(0, 16).toString('base64url')

  it('puts s_hash of state in the front-channel ID token only when configured', async () => {
    userAcr = undefined
    current = servers.configured
    try {
      const f = await authorize({ state: 'state-to-bind' }, 'code id_token')
      const idToken = decodeJwt(f.get('id_token')!)
      expect(idToken['s_hash']).toBe(leftHalf('state-to-bind'))
      expect(idToken['c_hash']).toBe(leftHalf(f.get('code')!))
      // No state, no s_hash.
      const url = new URL(`${issuer}/authorize`)
      const params: Record<string, string> = {
        client_id: 'rp',
        redirect_uri: REDIRECT,
        response_type: 'code id_token',
        scope: 'openid',
        nonce: 'n',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
      }
      url.search = new URLSearchParams(params).toString()
      const res = await fetch(url, { redirect: 'manual' })
      const noState = new URLSearchParams(new URL(res.headers.get('location')!).hash.slice(1))
      expect(decodeJwt(noState.get('id_token')!)['s_hash']).toBeUndefined()
    } finally {
      current = servers.plain
    }
    const f = await authorize({ state: 'state-to-bind' }, 'code id_token')
    expect(decodeJwt(f.get('id_token')!)['s_hash']).toBeUndefined()
  })

  it.each([
    ['plain', false],
    ['configured', true],
  ] as const)('discovery of the %s server reflects its configuration', async (name, configured) => {
    current = servers[name]
    try {
      const md = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >
      const keys = await testKeys()
      expect(md['id_token_signing_alg_values_supported']).toEqual([...(keys.algs ?? [keys.alg])])
      expect(md['token_endpoint_auth_methods_supported']).toEqual([
        'client_secret_basic',
        'client_secret_post',
        'private_key_jwt',
        'none',
      ])
      expect(md['token_endpoint_auth_signing_alg_values_supported']).not.toContain('HS256')
      expect(md['response_types_supported']).toEqual(expect.arrayContaining(['code', 'code id_token']))
      expect((md['claims_supported'] as string[]).includes('s_hash')).toBe(configured)
      if (configured) expect(md['acr_values_supported']).toEqual(['urn:example:loa:1', 'urn:example:loa:2'])
      else expect(md).not.toHaveProperty('acr_values_supported')
    } finally {
      current = servers.plain
    }
  })

  it('refuses malformed acrValuesSupported and clientSecretKek', async () => {
    const { ArgumentError } = await import('../../runtime/errors.js')
    expect(() =>
      createAuthorizationServer({ issuer, store: new MemoryStore(), acrValuesSupported: ['a b'] }),
    ).toThrow(ArgumentError)
    expect(() =>
      createAuthorizationServer({ issuer, store: new MemoryStore(), clientSecretKek: 'too-short' }),
    ).toThrow('"clientSecretKek" must be 32 bytes')
  })
})
