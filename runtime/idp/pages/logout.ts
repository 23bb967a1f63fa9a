import { html } from './html.js'
import { csrfField, layout, type PageBase } from './layout.js'

export interface LogoutPageInput extends PageBase {
  /** `confirm`: ask before signing out; `done`: signed out (no redirect was asked for). */
  step: 'confirm' | 'done'
  /** The logout request's parameters (URL-encoded), carried through the form. */
  request?: string | undefined
}

/** RP-initiated logout's confirmation, and the signed-out page. */
export function logoutPage(i: LogoutPageInput): string {
  const main =
    i.step === 'done'
      ? html`<section class="card" aria-labelledby="logout-title">
  <h1 id="logout-title">You are signed out</h1>
  <p class="lead">You have signed out of ${i.branding.name} in this browser.</p>
</section>`
      : html`<section class="card" aria-labelledby="logout-title">
  <h1 id="logout-title">Sign out of ${i.branding.name}?</h1>
  <p class="lead">You will be signed out of ${i.branding.name} in this browser.</p>
  <form method="post" action="${i.paths.logout}" class="actions">
    ${csrfField(i.csrf)}
    <input type="hidden" name="request" value="${i.request ?? ''}">
    <button type="submit" name="confirm" value="yes" class="button button-primary">Sign out</button>
  </form>
</section>`
  return layout(i, 'Sign out', main)
}
