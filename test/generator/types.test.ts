import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  type GithubEmailScope,
  type GithubScope,
  type GithubTokenFields,
  github,
  githubLogin,
} from '../../generated/providers/github.js'
import { ArgumentError } from '../../runtime/errors.js'
import type { ProfileFor } from '../../runtime/provider/client-types.js'

const gh = github({ clientId: 'app', clientSecret: 'secret', redirectUri: 'http://127.0.0.1:8080/cb' })

describe('generated types follow the spec', () => {
  it('a listed scope compiles and reaches the URL with the request delimiter', async () => {
    const { url, session } = await gh.authorizationUrl({ scopes: ['read:user', 'repo'] })
    expect(url.searchParams.get('scope')).toBe('read:user repo')
    expectTypeOf(session.scopes).toEqualTypeOf<readonly ('read:user' | 'repo')[]>()
  })

  it('a wrong scope does not compile, and is refused at run time', async () => {
    // @ts-expect-error 'repoo' is not a GitHub scope
    await expect(gh.authorizationUrl({ scopes: ['repoo'] })).rejects.toThrow(ArgumentError)
  })

  it('typed extra parameters: enum values and booleans', async () => {
    const { url } = await gh.authorizationUrl({ params: { prompt: 'select_account', allow_signup: false } })
    expect(url.searchParams.get('prompt')).toBe('select_account')
    expect(url.searchParams.get('allow_signup')).toBe('false')
    // @ts-expect-error 'consent' is not one of GitHub's prompt values
    await expect(gh.authorizationUrl({ params: { prompt: 'consent' } })).rejects.toThrow(ArgumentError)
    // @ts-expect-error GitHub has no access_type parameter
    await expect(gh.authorizationUrl({ params: { access_type: 'offline' } })).rejects.toThrow(ArgumentError)
  })

  it('without scopes the defaults are requested and typed', async () => {
    const { url, session } = await gh.authorizationUrl()
    expect(url.searchParams.get('scope')).toBe('read:user user:email')
    expectTypeOf(session.scopes).toEqualTypeOf<readonly ('read:user' | 'user:email')[]>()
  })

  it('the profile type has email only when an email scope was requested', () => {
    expectTypeOf<ProfileFor<'read:user', GithubEmailScope>>().not.toHaveProperty('email')
    expectTypeOf<ProfileFor<'read:user' | 'user:email', GithubEmailScope>>().toHaveProperty('email')
    expectTypeOf<ProfileFor<'user', GithubEmailScope>>().toHaveProperty('emailVerified')
  })

  it('extra token fields and API responses are typed', async () => {
    expectTypeOf<GithubTokenFields>().toEqualTypeOf<{ refresh_token_expires_in?: number }>()
    expectTypeOf<Awaited<ReturnType<typeof gh.api.getAuthenticatedUser>>['id']>().toEqualTypeOf<number>()
    expectTypeOf<'repo'>().toMatchTypeOf<GithubScope>()
    // @ts-expect-error listEmails takes no "foo" parameter
    await expect(gh.api.listEmails('token', { foo: 1 })).rejects.toThrow(ArgumentError)
  })
})

describe('the sign-in-only client has the same types', () => {
  const login = githubLogin({
    clientId: 'app',
    clientSecret: 'secret',
    redirectUri: 'http://127.0.0.1:8080/cb',
  })

  it('scopes, parameters and tokens are typed as for the full client', async () => {
    const { url, session } = await login.authorizationUrl({
      scopes: ['read:user', 'repo'],
      params: { allow_signup: false },
    })
    expect(url.searchParams.get('scope')).toBe('read:user repo')
    expectTypeOf(session).toEqualTypeOf<
      Awaited<ReturnType<typeof gh.authorizationUrl<'read:user' | 'repo'>>>['session']
    >()
    expectTypeOf<Parameters<typeof gh.profile>[0]>().toEqualTypeOf<
      Awaited<ReturnType<typeof login.restore>>
    >()
    // @ts-expect-error 'repoo' is not a GitHub scope
    await expect(login.authorizationUrl({ scopes: ['repoo'] })).rejects.toThrow(ArgumentError)
  })

  it('has no profile and no API', () => {
    expectTypeOf(login).not.toHaveProperty('profile')
    expectTypeOf(login).not.toHaveProperty('api')
    expect('profile' in login || 'api' in login).toBe(false)
  })
})
