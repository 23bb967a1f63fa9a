import { describe, expectTypeOf, it } from 'vitest'
import type { AppleEmailScope, AppleScope, AppleTokenFields } from '../../generated/providers/apple.js'
import type { KickEmailScope, KickScope } from '../../generated/providers/kick.js'
import type { LineEmailScope, LineScope } from '../../generated/providers/line.js'
import type {
  MicrosoftEntraIdEmailScope,
  MicrosoftEntraIdHosts,
  MicrosoftEntraIdScope,
} from '../../generated/providers/microsoft-entra-id.js'
import type { MyanimelistScope } from '../../generated/providers/myanimelist.js'
import type { NotionScope } from '../../generated/providers/notion.js'
import type { TiktokEmailScope, TiktokScope, TiktokTokenFields } from '../../generated/providers/tiktok.js'
import type { WithingsScope, WithingsTokenFields } from '../../generated/providers/withings.js'
import type { ProfileFor } from '../../runtime/provider/client-types.js'

/**
 * Type-level table over the providers of the quirk fields: `tsc` is the runner; vitest only
 * executes the harmless calls.
 */
const scopes = <S extends string>(list: readonly S[]): readonly S[] => list

type HasEmail<S extends string, E extends string> = 'email' extends keyof ProfileFor<S, E> ? true : false

describe('quirk providers: scope unions, email field, typed fields', () => {
  it('a misspelled scope does not compile; providers without scopes take none', () => {
    // @ts-expect-error TikTok scopes are dotted
    scopes<TiktokScope>(['user_info_basic'])
    // @ts-expect-error not a LINE scope
    scopes<LineScope>(['profile:read'])
    // @ts-expect-error Graph scopes are case-sensitive
    scopes<MicrosoftEntraIdScope>(['user.read'])
    // @ts-expect-error not a Kick scope
    scopes<KickScope>(['user:write'])
    // @ts-expect-error not a Withings scope
    scopes<WithingsScope>(['user.sleep'])
    // @ts-expect-error Apple has name, not profile
    scopes<AppleScope>(['profile'])
    // @ts-expect-error Notion documents no scopes
    scopes<NotionScope>(['read'])
    // @ts-expect-error MyAnimeList documents no scopes
    scopes<MyanimelistScope>(['read'])
    expectTypeOf(scopes<TiktokScope>(['user.info.basic', 'video.list'])).toEqualTypeOf<
      readonly TiktokScope[]
    >()
  })

  it('the profile has email only with an email scope', () => {
    expectTypeOf<HasEmail<'email', AppleEmailScope>>().toEqualTypeOf<true>()
    expectTypeOf<HasEmail<'name', AppleEmailScope>>().toEqualTypeOf<false>()
    expectTypeOf<HasEmail<'email', LineEmailScope>>().toEqualTypeOf<true>()
    expectTypeOf<HasEmail<'profile', LineEmailScope>>().toEqualTypeOf<false>()
    expectTypeOf<HasEmail<'email', MicrosoftEntraIdEmailScope>>().toEqualTypeOf<true>()
    expectTypeOf<HasEmail<'user:read', KickEmailScope>>().toEqualTypeOf<true>()
    expectTypeOf<HasEmail<TiktokScope, TiktokEmailScope>>().toEqualTypeOf<false>()
  })

  it('token fields and callback data are typed', () => {
    expectTypeOf<TiktokTokenFields['open_id']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<WithingsTokenFields['userid']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<NonNullable<AppleTokenFields['user']>['email']>().toEqualTypeOf<string | undefined>()
    // The Entra tenant is optional (default "common").
    expectTypeOf<MicrosoftEntraIdHosts['tenant']>().toEqualTypeOf<string | undefined>()
  })
})
