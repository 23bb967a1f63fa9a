import { describe, expectTypeOf, it } from 'vitest'
import type { DiscordClient, DiscordResponses } from '../../generated/providers/discord.js'
import type { GithubClient, GithubLoginClient, GithubResponses } from '../../generated/providers/github.js'
import type { GoogleClient } from '../../generated/providers/google.js'
import type { OktaClient } from '../../generated/providers/okta.js'
import type { VkLegacyClient, VkLegacyLoginClient } from '../../generated/providers/vk-legacy.js'
import type { ProviderTokens } from '../../runtime/provider/client-types.js'

/**
 * What the generated client types promise, checked by `tsc` (npm run typecheck): the methods a
 * spec lacks are absent, `raw` is the API response, `profile` needs the scopes its mapping needs,
 * and restored tokens promise only the scopes named. The bodies are never run.
 */
const typeOnly = (_check: () => Promise<unknown>): void => undefined
declare const vk: VkLegacyClient
declare const vkLogin: VkLegacyLoginClient
declare const gh: GithubClient
declare const ghLogin: GithubLoginClient
declare const discord: DiscordClient
declare const google: GoogleClient
declare const okta: OktaClient

describe('generated client types', () => {
  it('a spec without refresh or revocation has no refresh() or revoke()', () => {
    typeOnly(async () => {
      const tokens = vk.restore('{}', { scopes: ['email'] })
      // @ts-expect-error VK legacy issues no refresh tokens (spec refresh: 'unsupported')
      await vk.refresh(tokens)
      // @ts-expect-error VK legacy names no revocation endpoint
      await vk.revoke(tokens)
      // @ts-expect-error the sign-in client lacks them too
      await vkLogin.refresh(tokens)
      expectTypeOf(vk).toHaveProperty('profile')
    })
    expectTypeOf<keyof VkLegacyClient>().not.toEqualTypeOf<'refresh' | 'revoke'>()
    expectTypeOf<'refresh' extends keyof VkLegacyClient ? true : false>().toEqualTypeOf<false>()
    expectTypeOf<'revoke' extends keyof VkLegacyLoginClient ? true : false>().toEqualTypeOf<false>()
    expectTypeOf<'refresh' | 'revoke' extends keyof GithubClient ? true : false>().toEqualTypeOf<true>()
    expectTypeOf<'refresh' | 'revoke' extends keyof GithubLoginClient ? true : false>().toEqualTypeOf<true>()
  })

  it("the profile's raw is the API response the mapping read", () => {
    typeOnly(async () => {
      const tokens = discord.restore('{}', { scopes: ['identify'] })
      const { raw } = await discord.profile(tokens)
      expectTypeOf(raw).toEqualTypeOf<DiscordResponses['getCurrentUser']>()
      expectTypeOf(raw.username).toEqualTypeOf<string>()
      // @ts-expect-error not a field of Discord's user object
      raw.login
      const me = await gh.profile(gh.restore('{}', { scopes: ['read:user'] }))
      expectTypeOf(me.raw).toEqualTypeOf<GithubResponses['getAuthenticatedUser']>()
    })
  })

  it("Google's profile needs tokens asked for with openid", () => {
    typeOnly(async () => {
      const { url: _u, session } = await google.authorizationUrl({ scopes: ['email', 'profile'] })
      const withoutOpenid = await google.callback('', session)
      // @ts-expect-error the mapping reads the ID token: without openid there is none
      await google.profile(withoutOpenid)
      const { session: s2 } = await google.authorizationUrl({ scopes: ['openid', 'email'] })
      expectTypeOf((await google.profile(await google.callback('', s2))).email).toEqualTypeOf<string | null>()
      const { session: s3 } = await google.authorizationUrl()
      await google.profile(await google.callback('', s3))
    })
  })

  it('a claimsProfile mapping needs openid without the spec saying so (Okta)', () => {
    typeOnly(async () => {
      const { session } = await okta.authorizationUrl({ scopes: ['email'] })
      // @ts-expect-error claimsProfile reads the ID token and UserInfo: without openid there are none
      await okta.profile(await okta.callback('', session))
      const { session: s2 } = await okta.authorizationUrl({ scopes: ['openid', 'email'] })
      await okta.profile(await okta.callback('', s2))
    })
  })

  it('restore promises no scope unless the caller names scopes the tokens had', () => {
    typeOnly(async () => {
      const stored = JSON.stringify({})
      const bare = gh.restore(stored)
      expectTypeOf(bare.requested).toEqualTypeOf<readonly never[]>()
      expectTypeOf(bare).toMatchTypeOf<ProviderTokens<never, { refresh_token_expires_in?: number }>>()
      // @ts-expect-error restored without scopes: no email in the profile type
      ;(await gh.profile(bare)).email
      const named = ghLogin.restore(stored, { scopes: ['user:email'] })
      expectTypeOf((await gh.profile(named)).email).toEqualTypeOf<string | null>()
      // @ts-expect-error not a GitHub scope
      gh.restore(stored, { scopes: ['email'] })
      // @ts-expect-error restored without openid: Google's profile does not compile
      await google.profile(google.restore(stored))
    })
  })
})
