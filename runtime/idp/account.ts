/** The user's own pages: who is signed in, every app they approved, taking an approval back. */
import { loginPage } from './authorize.js'
import { pageBase, type Route, show } from './context.js'
import { clientLabel } from './pages/client.js'
import { redirect } from './respond.js'
import { currentAccount } from './session.js'

/** GET `/`: the account page (apps from the store, so any browser lists them), or the login form. */
export const homeRoute: Route = async (kit, _request, session) => {
  const account = currentAccount(session)
  if (!account) return loginPage(kit, session, undefined, {})
  const consents = await kit.store.listConsents(account.sub)
  const apps = await Promise.all(
    consents.map(async ({ clientId }) => {
      const client = await kit.store.getClient(clientId)
      return { clientId, clientName: client ? clientLabel(client) : clientId }
    }),
  )
  const body = kit.options.pages.account({
    ...pageBase(kit, session),
    user: { name: account.name, login: account.login },
    apps,
  })
  return show(kit, session, body)
}

/** POST `/apps/revoke`: forgets the consent and revokes the app's tokens for this user. */
export const revokeRoute: Route = async (kit, _request, session, form) => {
  const account = currentAccount(session)
  if (!account) return loginPage(kit, session, undefined, {})
  const clientId = form.get('client_id') ?? ''
  if (clientId !== '') await kit.server.revokeConsent(account.sub, clientId)
  return redirect(kit.options.paths.home)
}
