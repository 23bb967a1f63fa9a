/** The document shell shared by every page: head, brand bar, main card, footer. */
import { type Html, html } from '../../runtime/idp/pages/html.js'

export type Brand = 'app' | 'id'

export interface LayoutOptions {
  title: string
  brand: Brand
  main: Html
  /** Right side of the top bar (e.g. the signed-in user). */
  nav?: Html | undefined
  /** Narrow single-card pages (login, consent, errors). */
  narrow?: boolean | undefined
}

const BRANDS: Record<Brand, { name: string; mark: string; footer: string }> = {
  app: { name: 'Acme Notes', mark: 'A', footer: 'A demo app using authspec’s generated clients' },
  id: { name: 'Local ID', mark: 'ID', footer: 'An authspec AuthorizationServer and OpenID Provider' },
}

/** A whole page. */
export function layout(o: LayoutOptions): Html {
  const b = BRANDS[o.brand]
  return html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · ${b.name}</title>
<link rel="stylesheet" href="/styles.css">
<link rel="icon" href="data:,">
</head>
<body class="brand-${o.brand}">
<a class="skip" href="#main">Skip to content</a>
<header class="topbar">
  <a class="logo" href="/"><span class="mark" aria-hidden="true">${b.mark}</span>${b.name}</a>
  <nav aria-label="Account">${o.nav}</nav>
</header>
<main id="main" class="${o.narrow ? 'narrow' : 'wide'}">
${o.main}
</main>
<footer class="footer">${b.footer} · <a href="https://www.rfc-editor.org/rfc/rfc6749">OAuth 2.0</a> · <a href="https://openid.net/specs/openid-connect-core-1_0.html">OpenID Connect</a></footer>
</body>
</html>`
}

/** The hidden CSRF field every form carries. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf" value="${token}">`
}
