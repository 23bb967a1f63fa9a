/**
 * First-run data of Local ID: the demo user and the demo app's client registration. The client
 * secret is generated once and kept in the data directory; the store holds only its hash.
 */
import { hashSecret } from '../../runtime/server/index.js'
import type { Store } from '../../runtime/storage/store.js'
import { readOrCreateSecret } from '../lib/secret-file.js'
import type { UserDirectory } from './users.js'

export const DEMO_USER = { username: 'demo', password: 'demo-password' } as const
export const DEMO_CLIENT_ID = 'acme-notes'

export interface SeededClient {
  clientId: string
  clientSecret: string
}

/** Adds the demo user (once) and registers the demo app for `redirectUri` (every start: ports may change). */
export async function seed(
  store: Store,
  users: UserDirectory,
  options: { secretFile: string; redirectUri: string; postLogoutRedirectUri: string },
): Promise<SeededClient> {
  await users.ensure(DEMO_USER.username, DEMO_USER.password, {
    name: 'Ada Lovelace',
    given_name: 'Ada',
    family_name: 'Lovelace',
    preferred_username: 'demo',
    email: 'ada@example.com',
    email_verified: true,
    locale: 'en-GB',
    zoneinfo: 'Europe/London',
  })
  const clientSecret = readOrCreateSecret(options.secretFile, { clientId: DEMO_CLIENT_ID })
  await store.saveClient({
    clientId: DEMO_CLIENT_ID,
    clientName: 'Acme Notes',
    clientSecretHash: await hashSecret(clientSecret),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [options.redirectUri],
    postLogoutRedirectUris: [options.postLogoutRedirectUri],
    grantTypes: ['authorization_code', 'refresh_token'],
    responseTypes: ['code'],
    scope: 'openid profile email offline_access',
  })
  return { clientId: DEMO_CLIENT_ID, clientSecret }
}
