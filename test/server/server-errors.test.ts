import { describe, expect, it } from 'vitest'
import type { AuthspecError } from '../../runtime/errors.js'
import { asServerError, OAuthServerError, serverError } from '../../runtime/server/errors.js'
import { toWebResponse } from '../../runtime/server/lib/core-http.js'
import { setup } from './fixtures.js'

// Server errors carry their own code, so `switch (err.code)` tells a request this server refused
// (OAUTH_SERVER_ERROR) from an error answer received from another server (OAUTH_RESPONSE_ERROR),
// and they render in one place: render() is what every endpoint and adapter answers with.

describe('OAuthServerError', () => {
  it('has the code OAUTH_SERVER_ERROR and keeps the RFC 6749 error in `error`', () => {
    const err: AuthspecError = serverError('invalid_grant', 'code expired')
    let kind = 'other'
    switch (err.code) {
      case 'OAUTH_SERVER_ERROR':
        kind = 'server'
        break
      case 'OAUTH_RESPONSE_ERROR':
        kind = 'response'
        break
    }
    expect(kind).toBe('server')
    expect(err).toMatchObject({ error: 'invalid_grant', status: 400 })
  })

  it('renders status, no-store JSON, its headers and WWW-Authenticate; toResponse is the same', async () => {
    const err = new OAuthServerError({
      error: 'invalid_client',
      error_description: 'bad "secret"',
      wwwAuthenticate: 'Basic realm="x"',
      headers: { Allow: 'POST' },
    })
    const rendered = err.render()
    expect(rendered).toEqual({
      status: 401,
      headers: {
        'content-type': 'application/json;charset=UTF-8',
        'cache-control': 'no-store',
        pragma: 'no-cache',
        allow: 'POST',
        'www-authenticate': 'Basic realm="x"',
      },
      body: JSON.stringify({ error: 'invalid_client', error_description: 'bad ?secret?' }),
    })
    const [a, b] = [err.toResponse(), toWebResponse(rendered)]
    expect([a.status, [...a.headers], await a.text()]).toEqual([b.status, [...b.headers], await b.text()])
  })

  it('anything else becomes a bare server_error', () => {
    expect(asServerError(new Error('secret detail')).render()).toMatchObject({
      status: 500,
      body: JSON.stringify({
        error: 'server_error',
        error_description: 'the server could not process the request',
      }),
    })
  })

  it('what the server throws from validateConsentRequest has the server code', async () => {
    const f = await setup()
    const err = await f.server
      .validateConsentRequest(new Request('https://id.example/authorize?client_id=nobody'))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OAuthServerError)
    expect((err as OAuthServerError).code).toBe('OAUTH_SERVER_ERROR')
  })
})
