/** The user's own pages: who is signed in, the apps they approved here, taking an approval back. */
import { loginPage } from './authorize.js'
import { type Kit, pageBase, type Route, show } from './context.js'
import { redirect } from './respond.js'
import { currentAccount, withApps } from './session.js'

/** GET `/`: the account page, or the login form when nobody is signed in. */
export const homeRoute: Route = async (kit, _request, session) => {
  const account = currentAccount(session)
  if (!account) return loginPage(kit, session, undefined, {})
  const apps = await Promise.all(
    account.apps.map(async (clientId) => {
      const client = await kit.store.getClient(clientId)
      return { clientId, clientName: client?.clientName ?? clientId }
    }),
  )
  const body = kit.options.pages.account({
    ...pageBase(kit, session),
    user: { name: account.name, login: account.login },
    apps,
  })
  return show(kit, session, body)
}

/** POST `/apps/revoke`: forgets the consent, so the app must ask again. */
export const revokeRoute: Route = async (kit, _request, session, form) => {
  const account = currentAccount(session)
  const clientId = form.get('client_id') ?? ''
  if (!account) return loginPage(kit, session, undefined, {})
  await revokeConsent(kit, account.sub, clientId)
  const saved = withApps(session, (apps) => apps.filter((a) => a !== clientId))
  return redirect(kit.options.paths.home, [await kit.sessions.save(saved)])
}

/** Takes back a user's consent to a client: the next request asks again (stored as no scopes). */
export function revokeConsent(kit: Kit, sub: string, clientId: string): Promise<void> {
  const grantedAt = Math.floor(kit.options.now() / 1000)
  return kit.store.saveConsent({ sub, clientId, scope: '', grantedAt })
}
