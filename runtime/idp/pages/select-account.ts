import { html } from './html.js'
import { csrfField, layout, type PageBase, pendingField } from './layout.js'

export interface SelectAccountPageInput extends PageBase {
  pending: string
  clientName: string
  /** The accounts signed in in this browser. */
  accounts: { sub: string; name: string; login: string }[]
}

/** `prompt=select_account`: pick one of this browser's accounts, or sign in with another. */
export function selectAccountPage(i: SelectAccountPageInput): string {
  const main = html`<section class="card" aria-labelledby="select-title">
  <h1 id="select-title">Choose an account</h1>
  <p class="lead">to continue to <strong>${i.clientName}</strong></p>
  <form method="post" action="${i.paths.selectAccount}" class="stack">
    ${csrfField(i.csrf)}
    ${pendingField(i.pending)}
    ${i.accounts.map((a) => html`<button type="submit" name="account" value="${a.sub}" class="button button-block">${a.name} (${a.login})</button>`)}
    <button type="submit" name="account" value="" class="button button-block">Use another account</button>
  </form>
</section>`
  return layout(i, 'Choose an account', main)
}
