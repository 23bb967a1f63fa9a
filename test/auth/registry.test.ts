import { describe, expect, it } from 'vitest'
import { github } from '../../generated/providers/github.js'
import { google } from '../../generated/providers/google.js'
import { oidc } from '../../generated/providers/oidc.js'
import { createAuth } from '../../runtime/auth/index.js'
import { ArgumentError } from '../../runtime/errors.js'
import { APP, parseSetCookie, SECRET } from './support.js'

// Only authorization URLs are built here: GitHub's endpoints are in its spec, so nothing is fetched.
const request = () => new Request(`${APP}/login`)

describe('register accepts what the generator produces', () => {
  it('a generated factory, with the redirect URI given per request', async () => {
    const auth = createAuth({ secret: SECRET }).register('github', github, {
      clientId: 'gh-app',
      clientSecret: 's',
    })
    const res = await auth.authorizeRedirect(request(), 'github', {
      redirectUri: `${APP}/callback/github`,
      scopes: ['read:user'],
      params: { allow_signup: false },
    })
    const url = new URL(res.headers.get('location')!)
    expect(url.origin + url.pathname).toBe('https://github.com/login/oauth/authorize')
    expect(url.searchParams.get('client_id')).toBe('gh-app')
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP}/callback/github`)
    expect(url.searchParams.get('allow_signup')).toBe('false')
    expect(parseSetCookie(res.headers.getSetCookie()[0]!).name).toMatch(/^authspec-tx-/)
  })

  it('a ready-made client, which keeps its own redirect URI', async () => {
    const client = github({ clientId: 'gh-app', clientSecret: 's', redirectUri: `${APP}/own` })
    const auth = createAuth({ secret: SECRET }).register('gh', client)
    const url = new URL((await auth.authorizeRedirect(request(), 'gh')).headers.get('location')!)
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP}/own`)
    expect(auth.providers).toEqual(['gh'])
  })

  it("the client's run-time checks still apply (unknown scope, unknown parameter)", async () => {
    const auth = createAuth({ secret: SECRET }).register('github', github, {
      clientId: 'gh-app',
      clientSecret: 's',
      redirectUri: `${APP}/cb`,
    })
    await expect(auth.authorizeRedirect(request(), 'github', { scopes: ['repoo'] })).rejects.toThrow(
      ArgumentError,
    )
    await expect(
      auth.authorizeRedirect(request(), 'github', { params: { access_type: 'x' } }),
    ).rejects.toThrow(/access_type/)
  })

  it('providers given to createAuth are registered in order', async () => {
    const auth = createAuth({
      secret: SECRET,
      providers: {
        github: {
          source: github,
          credentials: { clientId: 'gh-app', clientSecret: 's', redirectUri: `${APP}/cb/github` },
        },
        gh2: { source: github({ clientId: 'gh-2', clientSecret: 's', redirectUri: `${APP}/cb/gh2` }) },
      },
    })
    expect(auth.providers).toEqual(['github', 'gh2'])
    const url = new URL((await auth.authorizeRedirect(request(), 'gh2')).headers.get('location')!)
    expect(url.searchParams.get('client_id')).toBe('gh-2')
    expect(() => createAuth({ secret: SECRET, providers: { 'bad name': { source: github } } })).toThrow(
      /"name"/,
    )
  })

  it('credentials are typed by the factory', () => {
    const auth = createAuth({ secret: SECRET })
    // @ts-expect-error the generic OpenID Connect client needs an issuer
    auth.register('a', oidc, { clientId: 'x' })
    // @ts-expect-error a client id is required (and checked at once)
    expect(() => auth.register('b', google, { clientSecret: 'x' })).toThrow(/"clientId"/)
    auth.register('c', google, { clientId: 'x', clientSecret: 'y' })
    expect(auth.providers).toEqual(['a', 'c'])
  })

  it('an issuer-at-run-time client without an issuer fails when used, naming it', async () => {
    const auth = createAuth({ secret: SECRET }).register('a', oidc as never, {
      clientId: 'x',
      redirectUri: `${APP}/cb`,
    })
    await expect(auth.authorizeRedirect(request(), 'a')).rejects.toThrow(/"issuer"/)
  })
})
