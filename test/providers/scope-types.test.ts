import { describe, expectTypeOf, it } from 'vitest'
import type { AtlassianEmailScope, AtlassianScope } from '../../generated/providers/atlassian.js'
import type { BitbucketEmailScope, BitbucketScope } from '../../generated/providers/bitbucket.js'
import type { BoxEmailScope, BoxScope } from '../../generated/providers/box.js'
import type { DropboxEmailScope, DropboxScope } from '../../generated/providers/dropbox.js'
import type { FacebookEmailScope, FacebookScope } from '../../generated/providers/facebook.js'
import type { LinkedinEmailScope, LinkedinScope } from '../../generated/providers/linkedin.js'
import type { RedditEmailScope, RedditScope } from '../../generated/providers/reddit.js'
import type { SalesforceEmailScope, SalesforceScope } from '../../generated/providers/salesforce.js'
import type { SlackEmailScope, SlackScope } from '../../generated/providers/slack.js'
import type { SpotifyEmailScope, SpotifyScope } from '../../generated/providers/spotify.js'
import type { StravaEmailScope, StravaScope } from '../../generated/providers/strava.js'
import type { TwitchEmailScope, TwitchScope } from '../../generated/providers/twitch.js'
import type { XOauth2EmailScope, XOauth2Scope } from '../../generated/providers/x-oauth2.js'
import type { YahooEmailScope, YahooScope } from '../../generated/providers/yahoo.js'
import type { ZoomEmailScope, ZoomScope } from '../../generated/providers/zoom.js'
import type { ProfileFor } from '../../runtime/provider/client-types.js'

/**
 * Type-level table over the generated providers: `tsc` (npm run typecheck) is the test runner
 * here; vitest only executes the harmless calls.
 */
const scopes = <S extends string>(list: readonly S[]): readonly S[] => list

/** Whether the profile of a login granted scopes S has `email`, as the generated client types it. */
type HasEmail<S extends string, E extends string> = 'email' extends keyof ProfileFor<S, E> ? true : false

/** [granted an email scope, granted every other scope]. */
type EmailField<S extends string, E extends string> = [HasEmail<E, E>, HasEmail<Exclude<S, E>, E>]

describe('generated scope unions', () => {
  it('a misspelled scope does not compile', () => {
    // @ts-expect-error not a Spotify scope
    scopes<SpotifyScope>(['user-read-emails'])
    // @ts-expect-error not a Twitch scope
    scopes<TwitchScope>(['user:read:mail'])
    // @ts-expect-error not a Slack (Sign in with Slack) scope
    scopes<SlackScope>(['users:read'])
    // @ts-expect-error not a LinkedIn OpenID Connect scope
    scopes<LinkedinScope>(['r_liteprofile'])
    // @ts-expect-error not a Zoom scope
    scopes<ZoomScope>(['user:read'])
    // @ts-expect-error not a Dropbox scope
    scopes<DropboxScope>(['files.read'])
    // @ts-expect-error not a Bitbucket scope
    scopes<BitbucketScope>(['repo'])
    // @ts-expect-error not a Box scope
    scopes<BoxScope>(['root_write'])
    // @ts-expect-error not a Reddit scope
    scopes<RedditScope>(['identify'])
    // @ts-expect-error not an Atlassian scope
    scopes<AtlassianScope>(['read:jira'])
    // @ts-expect-error not a Strava scope
    scopes<StravaScope>(['activity:read_some'])
    // @ts-expect-error not a Salesforce scope
    scopes<SalesforceScope>(['refresh'])
    // @ts-expect-error not a Facebook permission
    scopes<FacebookScope>(['user_email'])
    // @ts-expect-error not an X OAuth 2.0 scope
    scopes<XOauth2Scope>(['tweets.read'])
    // @ts-expect-error not a Yahoo scope
    scopes<YahooScope>(['mail'])
  })

  it('the profile has email only when an email scope was granted', () => {
    expectTypeOf<EmailField<SpotifyScope, SpotifyEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<TwitchScope, TwitchEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<SlackScope, SlackEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<LinkedinScope, LinkedinEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<ZoomScope, ZoomEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<DropboxScope, DropboxEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<BitbucketScope, BitbucketEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<BoxScope, BoxEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<AtlassianScope, AtlassianEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<SalesforceScope, SalesforceEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<FacebookScope, FacebookEmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<XOauth2Scope, XOauth2EmailScope>>().toEqualTypeOf<[true, false]>()
    expectTypeOf<EmailField<YahooScope, YahooEmailScope>>().toEqualTypeOf<[true, false]>()
    // Reddit and Strava give apps no email address: no scope puts email into the profile.
    expectTypeOf<EmailField<RedditScope, RedditEmailScope>>().toEqualTypeOf<[false, false]>()
    expectTypeOf<EmailField<StravaScope, StravaEmailScope>>().toEqualTypeOf<[false, false]>()
  })
})
