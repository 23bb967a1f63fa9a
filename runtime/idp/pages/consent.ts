import type { ConsentRequest } from '../../server/types.js'
import { clientLabel } from './client.js'
import { html } from './html.js'
import { csrfField, layout, type PageBase, pendingField } from './layout.js'
import { resourcesNote } from './resources.js'
import { describeScope } from './scopes.js'

export interface ConsentPageInput extends PageBase {
  pending: string
  consent: ConsentRequest
  user: { name: string; login: string }
}

/** Asks the signed-in user to allow or deny the client the scopes it asked for. */
export function consentPage(i: ConsentPageInput): string {
  const client = clientLabel(i.consent.client)
  const redirectHost = new URL(i.consent.redirectUri).host
  const main = html`<section class="card" aria-labelledby="consent-title">
  <div class="pair" aria-hidden="true"><span class="avatar">${client.slice(0, 1)}</span><span class="dots">···</span><span class="avatar avatar-id">${i.branding.mark}</span></div>
  <h1 id="consent-title" class="center consent-title"><strong>${client}</strong> wants to access your ${i.branding.name} account</h1>
  <p class="muted center">Signed in as <strong>${i.user.name}</strong> (${i.user.login})</p>
  <p>This will allow ${client} to:</p>
  <ul class="scopes" data-testid="scopes">
    ${i.consent.scopes.map(describeScope).map((s) => html`<li><span class="check" aria-hidden="true">✓</span><div><strong>${s.title}</strong><span class="muted small">${s.detail} · <code>${s.scope}</code></span></div></li>`)}
  </ul>
  ${resourcesNote(i.consent.resources)}
  <p class="muted small">After you choose, you will be sent back to <strong>${redirectHost}</strong>. Only allow apps you trust.</p>
  <form method="post" action="${i.paths.consent}" class="actions">
    ${csrfField(i.csrf)}
    ${pendingField(i.pending)}
    <button type="submit" name="decision" value="deny" class="button">Deny</button>
    <button type="submit" name="decision" value="allow" class="button button-primary">Allow</button>
  </form>
</section>`
  return layout(i, 'Allow access', main)
}
