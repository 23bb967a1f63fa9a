/** The demo app's pages: home (sign-in choices) and profile. */
import type { AuthTokens } from '../../runtime/auth/index.js'
import { type Html, html } from '../../runtime/idp/pages/html.js'
import { csrfField } from '../../runtime/idp/pages/layout.js'
import type { IdTokenClaims } from '../../runtime/oidc/types.js'
import type { NormalizedProfile } from '../../runtime/provider/spec-types.js'
import { layout } from '../lib/layout.js'

const NOTICES: Record<string, string> = {
  'signed-out': 'You are signed out. Your refresh token was revoked at the provider.',
  refreshed: 'Tokens refreshed: a new access token and a rotated refresh token.',
  'signed-in': 'Signed in.',
}

function notice(key: string | undefined): Html | string {
  const text = key ? NOTICES[key] : undefined
  return text ? html`<div class="alert alert-success" role="status" data-testid="notice">${text}</div>` : ''
}

export interface HomeInput {
  csrf: string
  providers: { id: string; label: string }[]
  user: { name: string } | undefined
  notice?: string | undefined
}

function userNav(csrf: string, user: { name: string } | undefined): Html | undefined {
  if (!user) return undefined
  return html`<span class="who">${user.name}</span><form method="post" action="/logout">${csrfField(csrf)}<button type="submit" class="button button-small">Log out</button></form>`
}

/** Home: a welcome and one button per configured provider, or a link to the profile when signed in. */
export function homePage(i: HomeInput): Html {
  const main = i.user
    ? html`${notice(i.notice)}<section class="hero">
  <h1>Welcome back, ${i.user.name}</h1>
  <p class="lead">You are signed in. See what the provider told us about you.</p>
  <a class="button button-primary" href="/profile">View your profile</a>
</section>`
    : html`${notice(i.notice)}<section class="hero">
  <p class="eyebrow">authspec demo</p>
  <h1>Notes that follow you everywhere</h1>
  <p class="lead">Sign in to see how an app logs in with OpenID Connect: authorization code with PKCE, state and nonce, ID token validation, refresh-token rotation and revocation.</p>
  <div class="providers">
    ${i.providers.map(
      (p) =>
        html`<form method="post" action="/login/${p.id}">${csrfField(i.csrf)}<button type="submit" class="button button-block provider provider-${p.id} ${p.id === 'local' ? 'button-primary' : ''}">Log in with ${p.label}</button></form>`,
    )}
  </div>
  ${i.providers.length === 1 ? html`<p class="muted small">Google, GitHub, VK and Discord buttons appear when their credentials are set; see <code>.env.example</code>.</p>` : ''}
</section>`
  return layout({ title: 'Home', main, nav: userNav(i.csrf, i.user) })
}

export interface ProfileInput {
  csrf: string
  providerLabel: string
  profile: NormalizedProfile
  claims: IdTokenClaims | undefined
  tokens: AuthTokens
  now: number
  notice?: string | undefined
}

function formatTime(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC`
}

function claimValue(value: unknown): string {
  if (typeof value === 'number' && value > 1_000_000_000 && value < 10_000_000_000) {
    return `${value} (${formatTime(value)})`
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Profile: the normalized profile, the ID token's claims, the granted scopes and the token's lifetime. */
export function profilePage(i: ProfileInput): Html {
  const p = i.profile
  const name = p.name ?? p.id
  const t = i.tokens
  const left = t.expiresAt === undefined ? undefined : Math.max(0, t.expiresAt - i.now)
  const claims = Object.entries(i.claims ?? {}).sort(([a], [b]) => a.localeCompare(b))
  const main = html`${notice(i.notice)}
<section class="profile-head">
  <div class="avatar avatar-large" aria-hidden="true">${name.slice(0, 1).toUpperCase()}</div>
  <div>
    <h1 data-testid="profile-name">${name}</h1>
    <p class="muted">Signed in with <strong>${i.providerLabel}</strong>${p.email ? html` · <span data-testid="profile-email">${p.email}</span>${p.emailVerified ? html` <span class="badge">verified</span>` : ''}` : ''}</p>
  </div>
</section>
<div class="grid">
  <section class="card" aria-labelledby="profile-title">
    <h2 id="profile-title">Normalized profile</h2>
    <dl class="facts">
      <dt>id</dt><dd><code data-testid="profile-id">${p.id}</code></dd>
      <dt>name</dt><dd>${p.name ?? '—'}</dd>
      <dt>email</dt><dd>${p.email ?? '—'}</dd>
      <dt>emailVerified</dt><dd>${String(p.emailVerified)}</dd>
      <dt>avatarUrl</dt><dd>${p.avatarUrl ?? '—'}</dd>
    </dl>
  </section>
  <section class="card" aria-labelledby="tokens-title">
    <h2 id="tokens-title">Tokens</h2>
    <dl class="facts">
      <dt>Access token</dt><dd><code data-testid="access-token-tail">…${t.accessToken.slice(-8)}</code></dd>
      <dt>Expires</dt><dd data-testid="token-expiry">${t.expiresAt === undefined ? 'not stated by the provider' : html`${formatTime(t.expiresAt)} <span class="muted">(in ${Math.round((left ?? 0) / 60)} min)</span>`}</dd>
      <dt>Refresh token</dt><dd>${t.refreshToken ? html`<span class="badge">present</span>` : 'none'}</dd>
      <dt>Granted scopes</dt><dd><ul class="chips" data-testid="granted-scopes">${t.scopes.map((s) => html`<li>${s}</li>`)}</ul></dd>
    </dl>
    <div class="actions">
      <form method="post" action="/refresh">${csrfField(i.csrf)}<button type="submit" class="button" ${t.refreshToken ? '' : html`disabled`}>Refresh tokens</button></form>
      <form method="post" action="/logout">${csrfField(i.csrf)}<button type="submit" class="button button-danger">Log out</button></form>
    </div>
  </section>
</div>
<section class="card" aria-labelledby="claims-title">
  <h2 id="claims-title">ID token claims</h2>
  ${
    claims.length === 0
      ? html`<p class="muted">This provider returned no ID token.</p>`
      : html`<table class="claims" data-testid="id-token-claims"><thead><tr><th scope="col">Claim</th><th scope="col">Value</th></tr></thead><tbody>${claims.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td>${claimValue(v)}</td></tr>`)}</tbody></table>`
  }
</section>`
  return layout({ title: 'Profile', main, nav: userNav(i.csrf, { name }) })
}
