import { html } from './html.js'
import { csrfField, layout, type PageBase } from './layout.js'

export interface AccountPageInput extends PageBase {
  user: { name: string; login: string }
  /** Every app this user approved (the store's consents), each with a way to take the approval back. */
  apps: { clientId: string; clientName: string }[]
}

/** The signed-in user's home: connected apps, and signing out. */
export function accountPage(i: AccountPageInput): string {
  const main = html`<section class="card" aria-labelledby="account-title">
  <h1 id="account-title">Your ${i.branding.name} account</h1>
  <p class="lead">Signed in as <strong>${i.user.name}</strong> (${i.user.login}).</p>
  <h2>Connected apps</h2>
  ${
    i.apps.length === 0
      ? html`<p class="muted">You have not connected any apps yet.</p>`
      : html`<ul class="scopes" data-testid="apps">${i.apps.map((a) => html`<li><div><strong>${a.clientName}</strong><span class="muted small">May sign you in and see what you allowed</span></div><form method="post" action="${i.paths.revoke}" class="app-revoke">${csrfField(i.csrf)}<input type="hidden" name="client_id" value="${a.clientId}"><button type="submit" class="button button-small" aria-label="Disconnect ${a.clientName}">Disconnect</button></form></li>`)}</ul>`
  }
  <form method="post" action="${i.paths.logout}">${csrfField(i.csrf)}<input type="hidden" name="request" value=""><button type="submit" name="confirm" value="yes" class="button">Sign out of ${i.branding.name}</button></form>
</section>`
  return layout(i, 'Account', main)
}
