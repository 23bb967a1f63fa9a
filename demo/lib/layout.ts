/** The demo app's document shell: head, brand bar, main card, footer (Local ID's pages are the kit's). */
import { type Html, html } from '../../runtime/idp/pages/html.js'

export interface LayoutOptions {
  title: string
  main: Html
  /** Right side of the top bar (e.g. the signed-in user). */
  nav?: Html | undefined
  /** Narrow single-card pages (login, consent, errors). */
  narrow?: boolean | undefined
}

const BRAND = { name: 'Acme Notes', mark: 'A', footer: 'A demo app using authspec’s generated clients' }

/** A whole page. */
export function layout(o: LayoutOptions): Html {
  const b = BRAND
  return html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · ${b.name}</title>
<link rel="stylesheet" href="/styles.css">
<link rel="icon" href="data:,">
</head>
<body class="brand-app">
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
