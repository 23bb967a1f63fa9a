/**
 * The sign-in options of the demo app, each a generated client: Local ID through the generic
 * `oidc` client (any issuer), and Google, GitHub, VK and Discord when their credentials are set.
 * Every generated client has the same methods, so one small interface covers them all.
 */
import { discord } from '../../generated/providers/discord.js'
import { github } from '../../generated/providers/github.js'
import { google } from '../../generated/providers/google.js'
import { oidc } from '../../generated/providers/oidc.js'
import { vk } from '../../generated/providers/vk.js'
import type { AuthorizationSession, ProviderTokens } from '../../runtime/provider/client-types.js'
import type { NormalizedProfile } from '../../runtime/provider/spec-types.js'
import { type DemoConfig, type ExternalProviderId, PROVIDER_SETTINGS } from '../config.js'

export type Tokens = ProviderTokens<string, unknown>

/** One "Log in with …" option. */
export interface SignInProvider {
  id: string
  label: string
  start(): Promise<{ url: URL; session: AuthorizationSession }>
  finish(callbackUrl: URL, session: AuthorizationSession): Promise<Tokens>
  refresh(tokens: Tokens): Promise<Tokens>
  profile(tokens: Tokens): Promise<Partial<NormalizedProfile>>
  revoke(tokens: Tokens): Promise<void>
}

/** The methods every generated client has, with the types loosened to what the app stores. */
interface LooseClient {
  authorizationUrl(options?: object): Promise<{ url: URL; session: AuthorizationSession<never> }>
  callback(url: URL, session: AuthorizationSession<never>): Promise<Tokens>
  refresh(tokens: Tokens): Promise<Tokens>
  revoke(tokens: Tokens, options?: { tokenTypeHint?: 'access_token' | 'refresh_token' }): Promise<void>
  profile(tokens: Tokens): Promise<Partial<NormalizedProfile>>
}

function wrap(id: string, label: string, client: LooseClient, options?: object): SignInProvider {
  return {
    id,
    label,
    start: () => client.authorizationUrl(options),
    finish: (url, session) => client.callback(url, session as AuthorizationSession<never>),
    refresh: (tokens) => client.refresh(tokens),
    profile: (tokens) => client.profile(tokens),
    revoke: (tokens) =>
      client.revoke(tokens, { tokenTypeHint: tokens.refreshToken ? 'refresh_token' : 'access_token' }),
  }
}

export interface LocalIdClient {
  issuer: string
  clientId: string
  clientSecret: string
}

/** The providers to show, Local ID first. Callbacks are `<appOrigin>/callback/<id>`. */
export function buildProviders(
  config: DemoConfig,
  appOrigin: string,
  local: LocalIdClient,
): Map<string, SignInProvider> {
  const redirectUri = (id: string) => `${appOrigin}/callback/${id}`
  const out = new Map<string, SignInProvider>()
  const localClient = oidc({ ...local, redirectUri: redirectUri('local') })
  // offline_access needs prompt=consent (OIDC Core §11), which also shows the consent page every time.
  out.set(
    'local',
    wrap('local', 'Local ID', localClient as unknown as LooseClient, {
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      params: { prompt: 'consent' },
    }),
  )
  const factories: Record<
    ExternalProviderId,
    (c: { clientId: string; clientSecret: string; redirectUri: string }) => unknown
  > = {
    google,
    github,
    vk,
    discord,
  }
  for (const id of Object.keys(PROVIDER_SETTINGS) as ExternalProviderId[]) {
    const creds = config.providers[id]
    if (!creds) continue
    const client = factories[id]({ ...creds, redirectUri: redirectUri(id) }) as LooseClient
    out.set(id, wrap(id, PROVIDER_SETTINGS[id].label, client))
  }
  return out
}
