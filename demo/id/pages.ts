/** Local ID's pages: sign-in, consent and the account page. */

import { type Html, html } from '../../runtime/idp/pages/html.js'
import { describeScope } from '../../runtime/idp/pages/scopes.js'
import type { ConsentRequest } from '../../runtime/server/index.js'
import { csrfField, layout } from '../lib/layout.js'

export interface LoginPageInput {
  csrf: string
  /** The authorization request's query string, carried through the form. */
  request: string
  clientName: string | undefined
  username?: string | undefined
  error?: string | undefined
  hint?: Html | undefined
}

/** The sign-in form. A failed attempt keeps the username and says what went wrong. */
export function loginPage(i: LoginPageInput): Html {
  const main = html`<section class="card" aria-labelledby="login-title">
  <h1 id="login-title">Sign in to Local ID</h1>
  <p class="lead">${i.clientName ? html`to continue to <strong>${i.clientName}</strong>` : 'to continue'}</p>
  ${i.error ? html`<div class="alert alert-error" role="alert" id="login-error" data-testid="login-error">${i.error}</div>` : ''}
  <form method="post" action="/login" class="stack" ${i.error ? html`aria-describedby="login-error"` : ''}>
    ${csrfField(i.csrf)}
    <input type="hidden" name="request" value="${i.request}">
    <div class="field">
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${i.username ?? ''}" ${i.username ? '' : html`autofocus`}>
    </div>
    <div class="field">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required ${i.username ? html`autofocus` : ''}>
    </div>
    <button type="submit" class="button button-primary button-block">Sign in</button>
  </form>
  ${i.hint ?? ''}
</section>`
  return layout({ title: 'Sign in', brand: 'id', main, narrow: true })
}

export interface ConsentPageInput {
  csrf: string
  request: string
  consent: ConsentRequest
  user: { name: string; username: string }
}

/** Asks the signed-in user to allow or deny the client the scopes it asked for. */
export function consentPage(i: ConsentPageInput): Html {
  const client = i.consent.client.clientName ?? i.consent.client.clientId
  const scopes = i.consent.scopes.map(describeScope)
  const redirectHost = new URL(i.consent.redirectUri).host
  const main = html`<section class="card" aria-labelledby="consent-title">
  <div class="pair" aria-hidden="true"><span class="avatar">${client.slice(0, 1)}</span><span class="dots">···</span><span class="avatar avatar-id">ID</span></div>
  <h1 id="consent-title" class="center consent-title"><strong>${client}</strong> wants to access your Local ID account</h1>
  <p class="muted center">Signed in as <strong>${i.user.name}</strong> (${i.user.username})</p>
  <p>This will allow ${client} to:</p>
  <ul class="scopes" data-testid="scopes">
    ${scopes.map((s) => html`<li><span class="check" aria-hidden="true">✓</span><div><strong>${s.title}</strong><span class="muted small">${s.detail} · <code>${s.scope}</code></span></div></li>`)}
  </ul>
  <p class="muted small">After you choose, you will be sent back to <strong>${redirectHost}</strong>. Only allow apps you trust.</p>
  <form method="post" action="/consent" class="actions">
    ${csrfField(i.csrf)}
    <input type="hidden" name="request" value="${i.request}">
    <button type="submit" name="decision" value="deny" class="button">Deny</button>
    <button type="submit" name="decision" value="allow" class="button button-primary">Allow</button>
  </form>
</section>`
  return layout({ title: 'Allow access', brand: 'id', main, narrow: true })
}

/** Local ID's home: who is signed in here, and a way to sign out. */
export function accountPage(i: { csrf: string; user: { name: string; username: string } | undefined }): Html {
  const main = i.user
    ? html`<section class="card" aria-labelledby="account-title">
  <h1 id="account-title">Your Local ID</h1>
  <p class="lead">Signed in as <strong>${i.user.name}</strong> (${i.user.username}).</p>
  <p class="muted">Apps you sign in to with Local ID send you here to sign in and to approve what they may see.</p>
  <form method="post" action="/logout">${csrfField(i.csrf)}<button type="submit" class="button">Sign out of Local ID</button></form>
</section>`
    : html`<section class="card" aria-labelledby="account-title">
  <h1 id="account-title">Local ID</h1>
  <p class="lead">You are not signed in.</p>
  <p class="muted">Local ID is the sign-in service of this demo. Start from an app’s “Log in with Local ID” button.</p>
</section>`
  return layout({ title: 'Account', brand: 'id', main, narrow: true })
}
