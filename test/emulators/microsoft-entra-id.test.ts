import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { microsoftEntraId } from '../../generated/providers/microsoft-entra-id.js'
import { rejection } from '../helpers/rejection.js'
import { followAuthorize } from './lib/client.js'
import {
  ENTRA_GRAPH,
  ENTRA_LOGIN,
  type EntraEmulator,
  MSA_TENANT,
  startEntraEmulator,
} from './microsoft-entra-id.js'

/** The generated `microsoftEntraId` client against the multi-tenant Entra ID emulator on 127.0.0.1. */
const REDIRECT = 'https://app.example/callback/entra'
const CONTOSO = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const FABRIKAM = 'a1b2c3d4-0000-4000-8000-000000000001'
let emu: EntraEmulator
const client = (tenant?: string) =>
  microsoftEntraId({
    clientId: 'app-1',
    clientSecret: 'entra-secret',
    redirectUri: REDIRECT,
    hostMap: { [ENTRA_LOGIN]: emu.url, [ENTRA_GRAPH]: emu.url },
    ...(tenant ? { tenant } : {}),
  })

beforeAll(async () => {
  emu = await startEntraEmulator({
    users: [
      {
        oid: 'oid-work',
        tid: CONTOSO,
        tenantDomains: ['contoso.onmicrosoft.com'],
        name: 'Work User',
        preferred_username: 'w@contoso.com',
        email: 'w@contoso.com',
      },
      {
        oid: 'oid-msa',
        tid: MSA_TENANT,
        name: 'Home User',
        preferred_username: 'h@outlook.com',
        email: 'h@outlook.com',
      },
      { oid: 'oid-fab', tid: FABRIKAM, name: 'Fab User', preferred_username: 'f@fabrikam.com' },
    ],
    clients: [{ clientId: 'app-1', clientSecret: 'entra-secret', redirectUris: [REDIRECT] }],
  })
})
afterAll(() => emu.close())

async function signIn(tenant: string | undefined, as: string) {
  emu.login.userId = as
  const c = client(tenant)
  const { url, session } = await c.authorizationUrl()
  return { c, callback: await followAuthorize(url), session }
}

describe('microsoft-entra-id emulator with the generated client', () => {
  it.each([
    [undefined, 'oid-work', CONTOSO, '/common/'],
    [undefined, 'oid-msa', MSA_TENANT, '/common/'],
    ['organizations', 'oid-fab', FABRIKAM, '/organizations/'],
    ['consumers', 'oid-msa', MSA_TENANT, '/consumers/'],
    [CONTOSO, 'oid-work', CONTOSO, `/${CONTOSO}/`],
    ['contoso.onmicrosoft.com', 'oid-work', CONTOSO, '/contoso.onmicrosoft.com/'],
  ])('tenant %s, user %s: iss on the token own tid, profile, refresh', async (tenant, as, tid, path) => {
    const { c, callback, session } = await signIn(tenant, as)
    const tokens = await c.callback(callback, session)
    expect(tokens.claims).toMatchObject({ tid, iss: `${ENTRA_LOGIN}/${tid}/v2.0` })
    expect(emu.state.requests.map((r) => r.path)).toContain(`${path}oauth2/v2.0/token`)
    expect((await c.profile(tokens)).id).toBe(as)
    const refreshed = await c.refresh(tokens)
    expect(refreshed.accessToken).not.toBe(tokens.accessToken)
  })

  it.each([
    ['consumers', 'oid-work'],
    ['organizations', 'oid-msa'],
    [CONTOSO, 'oid-fab'],
  ])('tenant %s refuses %s (AADSTS50020)', async (tenant, as) => {
    const { c, callback, session } = await signIn(tenant, as)
    expect(callback.searchParams.get('error_description')).toMatch(/^AADSTS50020/)
    expect(await rejection(c.callback(callback, session))).toMatchObject({ error: 'access_denied' })
  })

  it('an ID token whose iss names another tenant than its tid is refused', async () => {
    emu.overrideClaims = (claims) => ({ ...claims, iss: `${ENTRA_LOGIN}/${FABRIKAM}/v2.0` })
    try {
      const { c, callback, session } = await signIn(undefined, 'oid-work')
      const err = await rejection(c.callback(callback, session))
      expect(err.code).toMatch(/CLAIM|ISSUER/)
    } finally {
      emu.overrideClaims = undefined
    }
  })

  it('an ID token of another tenant, iss and tid agreeing, passes: admitting tenants is the app', async () => {
    emu.overrideClaims = (claims) => ({ ...claims, tid: FABRIKAM, iss: `${ENTRA_LOGIN}/${FABRIKAM}/v2.0` })
    try {
      // Correctly signed but for another tenant than the user's: iss and tid agree, so the client
      // accepts it; admitting only some tenants is the app's own tid check.
      const { c, callback, session } = await signIn(undefined, 'oid-work')
      expect((await c.callback(callback, session)).claims?.tid).toBe(FABRIKAM)
    } finally {
      emu.overrideClaims = undefined
    }
  })

  it('an unknown tenant gets AADSTS90002; a code is redeemed only on its own tenant path', async () => {
    const res = await fetch(`${emu.url}/nowhere.example/oauth2/v2.0/authorize?client_id=app-1`)
    expect(await res.text()).toMatch(/AADSTS90002/)
    const { callback } = await signIn(undefined, 'oid-work')
    const other = await fetch(`${emu.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        client_id: 'app-1',
        client_secret: 'entra-secret',
      }),
    })
    expect(((await other.json()) as { error: string }).error).toBe('invalid_grant')
  })
})
