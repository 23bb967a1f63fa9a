/**
 * The demo's settings from the environment. Nothing here throws a stack trace at the user: a bad
 * port is a `ConfigError` with one line to print; a half-set or malformed provider setting is a
 * warning line and that provider's button stays hidden.
 */

export type ExternalProviderId = 'google' | 'github' | 'vk' | 'discord'

export interface ProviderCredentials {
  clientId: string
  clientSecret: string
}

export interface DemoConfig {
  host: string
  appPort: number
  idPort: number
  dataDir: string
  providers: Partial<Record<ExternalProviderId, ProviderCredentials>>
}

/** A setting the demo cannot start with; `message` is the one line to print. */
export class ConfigError extends Error {}

interface ProviderSetting {
  label: string
  prefix: string
  /** What a well-formed client id looks like, and how to say it. */
  idPattern: RegExp
  idShape: string
}

/** The external providers a button can be shown for, and the variables that enable each. */
export const PROVIDER_SETTINGS: Record<ExternalProviderId, ProviderSetting> = {
  google: {
    label: 'Google',
    prefix: 'GOOGLE',
    idPattern: /^[\w-]+\.apps\.googleusercontent\.com$/,
    idShape: 'ends with .apps.googleusercontent.com',
  },
  github: {
    label: 'GitHub',
    prefix: 'GITHUB',
    idPattern: /^[\w.]{8,64}$/,
    idShape: 'is 8-64 letters, digits, dots or underscores',
  },
  vk: { label: 'VK', prefix: 'VK', idPattern: /^\d{4,12}$/, idShape: 'is the numeric app id' },
  discord: {
    label: 'Discord',
    prefix: 'DISCORD',
    idPattern: /^\d{15,21}$/,
    idShape: 'is the numeric application id',
  },
}

/** Reads the configuration; `warnings` are lines to print at start-up. Throws `ConfigError` for a bad port. */
export function loadConfig(env: NodeJS.ProcessEnv): { config: DemoConfig; warnings: string[] } {
  const warnings: string[] = []
  const providers: DemoConfig['providers'] = {}
  for (const [id, s] of Object.entries(PROVIDER_SETTINGS) as [ExternalProviderId, ProviderSetting][]) {
    const idVar = `${s.prefix}_CLIENT_ID`
    const secretVar = `${s.prefix}_CLIENT_SECRET`
    const clientId = env[idVar]?.trim() ?? ''
    const clientSecret = env[secretVar]?.trim() ?? ''
    if (clientId === '' && clientSecret === '') continue
    if (clientId === '' || clientSecret === '') {
      const missing = clientId === '' ? idVar : secretVar
      warnings.push(
        `${s.label}: ${missing} is not set, so the ${s.label} button is hidden (see .env.example)`,
      )
      continue
    }
    if (!s.idPattern.test(clientId)) {
      warnings.push(
        `${s.label}: ${idVar} does not look right (it ${s.idShape}), so the ${s.label} button is hidden`,
      )
      continue
    }
    providers[id] = { clientId, clientSecret }
  }
  return {
    config: {
      host: '127.0.0.1',
      appPort: port(env, 'DEMO_APP_PORT', 3000),
      idPort: port(env, 'LOCAL_ID_PORT', 4000),
      dataDir: env['DEMO_DATA_DIR']?.trim() || './data',
      providers,
    },
    warnings,
  }
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, got "${raw}"`)
  }
  return value
}
