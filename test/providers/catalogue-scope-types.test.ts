import { describe, expectTypeOf, it } from 'vitest'
import type { AnilistClient, AnilistScope } from '../../generated/providers/anilist.js'
import type { Auth0EmailScope, Auth0Scope } from '../../generated/providers/auth0.js'
import type { AuthentikEmailScope, AuthentikScope } from '../../generated/providers/authentik.js'
import type {
  BattlenetClient,
  BattlenetEmailScope,
  BattlenetScope,
} from '../../generated/providers/battlenet.js'
import type { CognitoEmailScope, CognitoScope } from '../../generated/providers/cognito.js'
import type { CoinbaseEmailScope, CoinbaseScope } from '../../generated/providers/coinbase.js'
import type {
  DonationAlertsEmailScope,
  DonationAlertsScope,
} from '../../generated/providers/donation-alerts.js'
import type { DribbbleClient, DribbbleEmailScope, DribbbleScope } from '../../generated/providers/dribbble.js'
import type { EpicgamesEmailScope, EpicgamesScope } from '../../generated/providers/epicgames.js'
import type { FortytwoEmailScope, FortytwoScope } from '../../generated/providers/fortytwo.js'
import type { GiteaEmailScope, GiteaScope } from '../../generated/providers/gitea.js'
import type { IntuitEmailScope, IntuitScope } from '../../generated/providers/intuit.js'
import type { KakaoEmailScope, KakaoScope } from '../../generated/providers/kakao.js'
import type { KeycloakClient, KeycloakEmailScope, KeycloakScope } from '../../generated/providers/keycloak.js'
import type { LinearEmailScope, LinearScope } from '../../generated/providers/linear.js'
import type { MailRuEmailScope, MailRuScope } from '../../generated/providers/mail-ru.js'
import type { MastodonClient, MastodonEmailScope, MastodonScope } from '../../generated/providers/mastodon.js'
import type { MercadolibreEmailScope, MercadolibreScope } from '../../generated/providers/mercadolibre.js'
import type { MercadopagoEmailScope, MercadopagoScope } from '../../generated/providers/mercadopago.js'
import type { NaverScope } from '../../generated/providers/naver.js'
import type { OsuEmailScope, OsuScope } from '../../generated/providers/osu.js'
import type { PolarEmailScope, PolarScope } from '../../generated/providers/polar.js'
import type { ShikimoriEmailScope, ShikimoriScope } from '../../generated/providers/shikimori.js'
import type { SynologyClient, SynologyEmailScope, SynologyScope } from '../../generated/providers/synology.js'
import type { TiltifyEmailScope, TiltifyScope } from '../../generated/providers/tiltify.js'
import type { TumblrEmailScope, TumblrScope } from '../../generated/providers/tumblr.js'
import type { WorkosClient, WorkosScope } from '../../generated/providers/workos.js'
import type { ProfileFor } from '../../runtime/provider/client-types.js'

/**
 * The scope unions of the catalogue's providers (issue 16), as scope-types.test.ts does for the
 * first ones: `tsc` (npm run typecheck) is the test runner; vitest only executes the harmless calls.
 */
const scopes = <S extends string>(list: readonly S[]): readonly S[] => list

/** Whether the profile of a login granted scopes S has `email`, as the generated client types it. */
type HasEmail<S extends string, E extends string> = 'email' extends keyof ProfileFor<S, E> ? true : false

/** [granted an email scope, granted every other scope]. */
type EmailField<S extends string, E extends string> = [HasEmail<E, E>, HasEmail<Exclude<S, E>, E>]

describe('catalogue scope unions', () => {
  it('a scope the provider does not document does not compile', () => {
    // @ts-expect-error not a scope Auth0 documents
    scopes<Auth0Scope>(['offline'])
    // @ts-expect-error not a scope Keycloak documents
    scopes<KeycloakScope>(['role'])
    // @ts-expect-error not a scope Authentik documents
    scopes<AuthentikScope>(['groups'])
    // @ts-expect-error not a scope Gitea documents
    scopes<GiteaScope>(['read:repo'])
    // @ts-expect-error not a scope Mastodon documents
    scopes<MastodonScope>(['read:account'])
    // @ts-expect-error not a scope Cognito documents
    scopes<CognitoScope>(['aws.cognito.signin.user'])
    // @ts-expect-error not a scope Workos documents
    scopes<WorkosScope>(['openid'])
    // @ts-expect-error not a scope Synology documents
    scopes<SynologyScope>(['profile'])
    // @ts-expect-error not a scope Linear documents
    scopes<LinearScope>(['issues:write'])
    // @ts-expect-error not a scope Fortytwo documents
    scopes<FortytwoScope>(['private'])
    // @ts-expect-error not a scope Anilist documents
    scopes<AnilistScope>(['read'])
    // @ts-expect-error not a scope Battlenet documents
    scopes<BattlenetScope>(['wow.profiles'])
    // @ts-expect-error not a scope Coinbase documents
    scopes<CoinbaseScope>(['wallet:user:write'])
    // @ts-expect-error not a scope DonationAlerts documents
    scopes<DonationAlertsScope>(['oauth-user-read'])
    // @ts-expect-error not a scope Dribbble documents
    scopes<DribbbleScope>(['write'])
    // @ts-expect-error not a scope Epicgames documents
    scopes<EpicgamesScope>(['profile'])
    // @ts-expect-error not a scope Intuit documents
    scopes<IntuitScope>(['com.intuit.quickbooks'])
    // @ts-expect-error not a scope Kakao documents
    scopes<KakaoScope>(['email'])
    // @ts-expect-error not a scope Mercadolibre documents
    scopes<MercadolibreScope>(['offline'])
    // @ts-expect-error not a scope Mercadopago documents
    scopes<MercadopagoScope>(['offline'])
    // @ts-expect-error not a scope Naver documents
    scopes<NaverScope>(['profile'])
    // @ts-expect-error not a scope Osu documents
    scopes<OsuScope>(['friends.write'])
    // @ts-expect-error not a scope Polar documents
    scopes<PolarScope>(['user:write'])
    // @ts-expect-error not a scope Shikimori documents
    scopes<ShikimoriScope>(['user_rate'])
    // @ts-expect-error not a scope Tiltify documents
    scopes<TiltifyScope>(['private'])
    // @ts-expect-error not a scope Tumblr documents
    scopes<TumblrScope>(['read'])
    // @ts-expect-error not a scope MailRu documents
    scopes<MailRuScope>(['email'])
  })

  it('providers without scopes take none', () => {
    expectTypeOf<WorkosScope>().toEqualTypeOf<never>()
    expectTypeOf<AnilistScope>().toEqualTypeOf<never>()
    expectTypeOf<NaverScope>().toEqualTypeOf<never>()
  })

  it('providers that issue no refresh tokens have no refresh()', () => {
    type HasRefresh<C> = 'refresh' extends keyof C ? true : false
    expectTypeOf<HasRefresh<MastodonClient>>().toEqualTypeOf<false>()
    expectTypeOf<HasRefresh<DribbbleClient>>().toEqualTypeOf<false>()
    expectTypeOf<HasRefresh<AnilistClient>>().toEqualTypeOf<false>()
    expectTypeOf<HasRefresh<WorkosClient>>().toEqualTypeOf<false>()
    expectTypeOf<HasRefresh<BattlenetClient>>().toEqualTypeOf<false>()
    expectTypeOf<HasRefresh<SynologyClient>>().toEqualTypeOf<false>()
    expectTypeOf<HasRefresh<KeycloakClient>>().toEqualTypeOf<true>()
  })

  it('the profile has email only when an email scope was granted', () => {
    expectTypeOf<EmailField<Auth0Scope, Auth0EmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<KeycloakScope, KeycloakEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<AuthentikScope, AuthentikEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<GiteaScope, GiteaEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<MastodonScope, MastodonEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<CognitoScope, CognitoEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<SynologyScope, SynologyEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<LinearScope, LinearEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<FortytwoScope, FortytwoEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<BattlenetScope, BattlenetEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<CoinbaseScope, CoinbaseEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<DonationAlertsScope, DonationAlertsEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<DribbbleScope, DribbbleEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<EpicgamesScope, EpicgamesEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<IntuitScope, IntuitEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<KakaoScope, KakaoEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<MercadolibreScope, MercadolibreEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<MercadopagoScope, MercadopagoEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<OsuScope, OsuEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<PolarScope, PolarEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<ShikimoriScope, ShikimoriEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<TiltifyScope, TiltifyEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<TumblrScope, TumblrEmailScope>>().toEqualTypeOf<[false, false]>()
    // Mail.ru's one scope is its email scope.
    expectTypeOf<HasEmail<MailRuEmailScope, MailRuEmailScope>>().toEqualTypeOf<true>()
  })
})
