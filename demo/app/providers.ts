/**
 * The sign-in options of the demo app, registered with the `runtime/auth` registry: Local ID
 * through the generated generic `oidc` client (any issuer), and the generated Google, GitHub, VK
 * and Discord clients when their credentials are set.
 */
import { discord } from '../../generated/providers/discord.js'
import { github } from '../../generated/providers/github.js'
import { google } from '../../generated/providers/google.js'
import { oidc } from '../../generated/providers/oidc.js'
import { vk } from '../../generated/providers/vk.js'
import type { Auth, AuthorizeRedirectOptions } from '../../runtime/auth/index.js'
import { type DemoConfig, type ExternalProviderId, PROVIDER_SETTINGS } from '../config.js'

/** One "Log in with …" button and what its login asks for. */
export interface SignInOption {
  id: string
  label: string
  redirect: Omit<AuthorizeRedirectOptions, 'returnTo'>
}

export interface LocalIdClient {
  issuer: string
  clientId: string
  clientSecret: string
}

const FACTORIES = { google, github, vk, discord } as const

/** Registers every configured provider with `auth`; returns the buttons, Local ID first. */
export function registerProviders(
  auth: Auth,
  config: DemoConfig,
  appOrigin: string,
  local: LocalIdClient,
): SignInOption[] {
  const redirectUri = (id: string) => `${appOrigin}/callback/${id}`
  auth.register('local', oidc, { ...local, redirectUri: redirectUri('local') })
  const options: SignInOption[] = [
    {
      id: 'local',
      label: 'Local ID',
      // offline_access needs prompt=consent (OIDC Core §11); it also shows the consent page every time.
      redirect: { scopes: ['openid', 'profile', 'email', 'offline_access'], params: { prompt: 'consent' } },
    },
  ]
  for (const id of Object.keys(PROVIDER_SETTINGS) as ExternalProviderId[]) {
    const credentials = config.providers[id]
    if (!credentials) continue
    auth.register(id, FACTORIES[id], { ...credentials, redirectUri: redirectUri(id) })
    options.push({ id, label: PROVIDER_SETTINGS[id].label, redirect: {} })
  }
  return options
}
