import { describe, expect, it } from 'vitest'
import { ArgumentError, OAuthError } from '../../runtime/errors.js'
import {
  type AuthorizationTransaction,
  buildAuthorizationUrl,
} from '../../runtime/oauth2/authorization-url.js'
import { validateCallback } from '../../runtime/oauth2/callback.js'
import type { ServerMetadata } from '../../runtime/oauth2/types.js'

const issuer = 'https://as.example'
const metadata: ServerMetadata = { issuer, authorization_endpoint: `${issuer}/authorize` }
const redirectUri = 'https://app.example/cb'

async function newTransaction(): Promise<AuthorizationTransaction> {
  return (await buildAuthorizationUrl({ metadata, client: { clientId: 'app' }, redirectUri })).transaction
}

function cb(params: Record<string, string>): string {
  return `${redirectUri}?${new URLSearchParams(params)}`
}

function caught(fn: () => unknown): OAuthError {
  try {
    fn()
  } catch (err) {
    if (err instanceof OAuthError) return err
    throw err
  }
  throw new Error('expected an OAuthError')
}

describe('validateCallback', () => {
  it('returns the code and the parameters to echo', async () => {
    const tx = await newTransaction()
    const result = validateCallback(
      cb({ code: 'c1', state: tx.state, iss: issuer, device_id: 'd9', other: 'x' }),
      tx,
      {
        metadata,
        callbackParamsToEcho: ['device_id', 'absent'],
      },
    )
    expect(result.code).toBe('c1')
    expect(result.state).toBe(tx.state)
    expect(result.iss).toBe(issuer)
    expect(result.params).toEqual({ device_id: 'd9' })
    expect(result.raw.get('other')).toBe('x')
  })

  it('accepts a form_post body given as URLSearchParams, and a URL object', async () => {
    const tx = await newTransaction()
    const body = new URLSearchParams({ code: 'c2', state: tx.state })
    expect(validateCallback(body, tx).code).toBe('c2')
    expect(validateCallback(new URL(cb({ code: 'c3', state: tx.state })), tx).code).toBe('c3')
  })

  it('reads the fragment only when response_mode=fragment was asked for', async () => {
    const tx = { ...(await newTransaction()), responseMode: 'fragment' }
    const url = `${redirectUri}#${new URLSearchParams({ code: 'c4', state: tx.state })}`
    expect(validateCallback(url, tx).code).toBe('c4')
    const plain = await newTransaction()
    expect(caught(() => validateCallback(`${redirectUri}#code=c&state=${plain.state}`, plain)).code).toBe(
      'MISSING_STATE',
    )
  })

  it('with form_post a URL is an argument error', async () => {
    const tx = { ...(await newTransaction()), responseMode: 'form_post' }
    expect(() => validateCallback(cb({ code: 'c', state: tx.state }), tx)).toThrow(ArgumentError)
  })

  type Case = [string, (tx: AuthorizationTransaction) => Record<string, string>, string, object?]
  const cases: Case[] = [
    ['missing state', () => ({ code: 'c' }), 'MISSING_STATE'],
    ['empty state', () => ({ code: 'c', state: '' }), 'MISSING_STATE'],
    [
      'wrong state',
      (tx) => ({ code: 'c', state: `${tx.state.slice(0, -1)}${tx.state.endsWith('A') ? 'B' : 'A'}` }),
      'STATE_MISMATCH',
    ],
    ['wrong iss', (tx) => ({ code: 'c', state: tx.state, iss: 'https://evil.example' }), 'ISSUER_MISMATCH'],
    [
      'iss with a trailing slash',
      (tx) => ({ code: 'c', state: tx.state, iss: `${issuer}/` }),
      'ISSUER_MISMATCH',
    ],
    ['missing code', (tx) => ({ state: tx.state }), 'MISSING_CODE'],
    ['empty code', (tx) => ({ state: tx.state, code: '' }), 'MISSING_CODE'],
  ]
  it.each(cases)('%s -> %s', async (_name, params, code) => {
    const tx = await newTransaction()
    expect(caught(() => validateCallback(cb(params(tx)), tx, { metadata })).code).toBe(code)
  })

  it('a replayed callback of another transaction fails with STATE_MISMATCH', async () => {
    const first = await newTransaction()
    const second = await newTransaction()
    const url = cb({ code: 'c', state: first.state })
    expect(validateCallback(url, first).code).toBe('c')
    expect(caught(() => validateCallback(url, second)).code).toBe('STATE_MISMATCH')
  })

  it('iss is required when metadata advertises RFC 9207 support', async () => {
    const tx = await newTransaction()
    const strict = { ...metadata, authorization_response_iss_parameter_supported: true }
    const err = caught(() => validateCallback(cb({ code: 'c', state: tx.state }), tx, { metadata: strict }))
    expect(err.code).toBe('ISSUER_MISMATCH')
    expect(err.claim).toBe('iss')
    expect(
      validateCallback(cb({ code: 'c', state: tx.state, iss: issuer }), tx, { metadata: strict }).iss,
    ).toBe(issuer)
    // Not advertised: iss may be absent.
    expect(validateCallback(cb({ code: 'c', state: tx.state }), tx, { metadata }).code).toBe('c')
  })

  it('iss without any expected issuer is an argument error, not a silent skip', async () => {
    const { transaction } = await buildAuthorizationUrl({
      endpoint: `${issuer}/authorize`,
      client: { clientId: 'app' },
      redirectUri,
    })
    expect(() =>
      validateCallback(cb({ code: 'c', state: transaction.state, iss: issuer }), transaction),
    ).toThrow(ArgumentError)
    const ok = validateCallback(cb({ code: 'c', state: transaction.state, iss: issuer }), transaction, {
      issuer,
    })
    expect(ok.iss).toBe(issuer)
  })

  it('turns error= into OAUTH_AUTHORIZATION_ERROR with the server fields, after the state check', async () => {
    const tx = await newTransaction()
    const err = caught(() =>
      validateCallback(
        cb({
          error: 'access_denied',
          error_description: 'user said no',
          error_uri: 'https://as.example/e',
          state: tx.state,
        }),
        tx,
      ),
    )
    expect(err.code).toBe('OAUTH_AUTHORIZATION_ERROR')
    expect(err).toMatchObject({
      error: 'access_denied',
      error_description: 'user said no',
      error_uri: 'https://as.example/e',
    })
    // A forged error callback (wrong state) is a state failure, not an authorization error.
    expect(
      caught(() => validateCallback(cb({ error: 'access_denied', state: 'x'.repeat(43) }), tx)).code,
    ).toBe('STATE_MISMATCH')
  })

  it('refuses repeated parameters', async () => {
    const tx = await newTransaction()
    const url = `${cb({ code: 'c', state: tx.state })}&code=d`
    const err = caught(() => validateCallback(url, tx))
    expect(err.code).toBe('INVALID_RESPONSE')
    expect(err.claim).toBe('code')
  })
})
