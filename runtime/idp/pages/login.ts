import { html } from './html.js'
import { csrfField, layout, type PageBase, pendingField } from './layout.js'

export interface LoginPageInput extends PageBase {
  /** The sealed pending request, carried through the form. */
  pending?: string | undefined
  /** The client the user signs in for, when there is one. */
  clientName?: string | undefined
  /** The login typed so far (a failed attempt, or the request's `login_hint`). */
  login?: string | undefined
  error?: string | undefined
}

/** The sign-in form. A failed attempt keeps the login and says what went wrong. */
export function loginPage(i: LoginPageInput): string {
  const main = html`<section class="card" aria-labelledby="login-title">
  <h1 id="login-title">Sign in to ${i.branding.name}</h1>
  <p class="lead">${i.clientName ? html`to continue to <strong>${i.clientName}</strong>` : 'to continue'}</p>
  ${i.error ? html`<div class="alert alert-error" role="alert" id="login-error" data-testid="login-error">${i.error}</div>` : ''}
  <form method="post" action="${i.paths.login}" class="stack" ${i.error ? html`aria-describedby="login-error"` : ''}>
    ${csrfField(i.csrf)}
    ${pendingField(i.pending)}
    <div class="field">
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${i.login ?? ''}" ${i.login ? '' : html`autofocus`}>
    </div>
    <div class="field">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required ${i.login ? html`autofocus` : ''}>
    </div>
    <button type="submit" class="button button-primary button-block">Sign in</button>
  </form>
  ${i.branding.loginNote ? html`<p class="hint">${i.branding.loginNote}</p>` : ''}
</section>`
  return layout(i, 'Sign in', main)
}
