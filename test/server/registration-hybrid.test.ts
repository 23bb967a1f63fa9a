import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hybridGrant, implicitGrant, openIdExtension, pkceExtension } from '../../runtime/server/index.js'
import { CHALLENGE, setup, VERIFIER } from './fixtures.js'
import { listen, type Served } from './listen.js'

const REDIRECT = 'https://rp.example/cb'
let hybrid: Served
let plain: Served

beforeAll(async () => {
  const authorize = async () => ({ user: { sub: 'alice' }, approved: true })
  hybrid = await listen(async (issuer) => {
    const f = await setup({ issuer, registration: { open: true }, authorize })
    for (const t of ['code id_token', 'code token', 'code id_token token'] as const)
      f.server.registerGrant(hybridGrant(t), [pkceExtension(), openIdExtension()])
    for (const t of ['id_token', 'id_token token', 'token'] as const)
      f.server.registerGrant(implicitGrant(t), [openIdExtension()])
    return f
  })
  plain = await listen((issuer) => setup({ issuer, registration: { open: true }, authorize }))
})

afterAll(async () => {
  await hybrid.close()
  await plain.close()
})

async function register(served: Served, grantTypes: string[], responseTypes: string[]) {
  const res = await fetch(`${served.origin}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT],
      grant_types: grantTypes,
      response_types: responseTypes,
    }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const BOTH = ['authorization_code', 'implicit']

describe('grant_types follow response_types (OIDC Registration §2)', () => {
  /** [response_types, grant_types] a server offering them accepts. */
  const consistent: [string[], string[]][] = [
    [['code'], ['authorization_code']],
    [['code id_token'], BOTH],
    [['code token'], BOTH],
    [['code id_token token'], BOTH],
    [['id_token'], ['implicit']],
    [['id_token token'], ['implicit']],
    [['token'], ['implicit']],
    [
      ['code', 'code id_token', 'id_token'],
      [...BOTH, 'refresh_token'],
    ],
  ]
  it.each(consistent)('%j with grant_types %j registers', async (responseTypes, grantTypes) => {
    const { status, body } = await register(hybrid, grantTypes, responseTypes)
    expect(status).toBe(201)
    expect(body).toMatchObject({ grant_types: grantTypes, response_types: responseTypes })
  })

  /** [name, server, response_types, grant_types, error_description] */
  const inconsistent: [string, () => Served, string[], string[], string][] = [
    [
      'hybrid without implicit',
      () => hybrid,
      ['code id_token'],
      ['authorization_code'],
      'response_type code id_token and grant_type implicit go together',
    ],
    [
      'hybrid without authorization_code',
      () => hybrid,
      ['code token'],
      ['implicit'],
      'response_type code token and grant_type authorization_code go together',
    ],
    [
      'implicit without implicit',
      () => hybrid,
      ['id_token token'],
      ['authorization_code'],
      'response_type id_token token and grant_type implicit go together',
    ],
    [
      'implicit grant nothing uses',
      () => hybrid,
      ['code'],
      BOTH,
      'grant_type implicit needs a response_type that uses it',
    ],
    [
      'code grant nothing uses',
      () => hybrid,
      ['id_token'],
      BOTH,
      'grant_type authorization_code needs a response_type that uses it',
    ],
    [
      'implicit on a server without front-channel tokens',
      () => plain,
      ['code'],
      ['authorization_code', 'implicit'],
      'unsupported grant_type: implicit',
    ],
    [
      'hybrid on a server that does not offer it',
      () => plain,
      ['code id_token'],
      BOTH,
      'unsupported grant_type: implicit',
    ],
  ]
  it.each(inconsistent)(
    '%s -> invalid_client_metadata',
    async (_name, served, responseTypes, grantTypes, description) => {
      const { status, body } = await register(served(), grantTypes, responseTypes)
      expect([status, body]).toEqual([
        400,
        { error: 'invalid_client_metadata', error_description: description },
      ])
    },
  )

  it('a registered hybrid client gets a code and an ID token in the fragment, then exchanges the code', async () => {
    const { body } = await register(hybrid, BOTH, ['code id_token'])
    const clientId = body['client_id'] as string
    const params = {
      client_id: clientId,
      redirect_uri: REDIRECT,
      response_type: 'code id_token',
      scope: 'openid',
      nonce: 'n-1',
      state: 's-1',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    }
    const res = await fetch(`${hybrid.origin}/authorize?${new URLSearchParams(params)}`, {
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    const answer = new URLSearchParams(new URL(res.headers.get('location') ?? '').hash.slice(1))
    expect(answer.get('id_token')).toBeTruthy()
    const token = await fetch(`${hybrid.origin}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: answer.get('code') ?? '',
        redirect_uri: REDIRECT,
        client_id: clientId,
        code_verifier: VERIFIER,
      }),
    })
    expect(token.status).toBe(200)
    expect(await token.json()).toHaveProperty('id_token')
  })
})
