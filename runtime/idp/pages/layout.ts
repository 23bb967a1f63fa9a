/** The document shell of every kit page: head, brand bar, one card, footer. */
import { type Html, html } from './html.js'

/** How the pages name and style the provider. */
export interface Branding {
  /** Product name in titles and the top bar. Default `Identity`. */
  name: string
  /** One or two letters in the logo. Default the name's first letter. */
  mark: string
  /** Footer line. */
  footer: string
  /** A line under the sign-in form (e.g. a demo account). */
  loginNote?: string | undefined
  /** CSS served at `<issuer>/styles.css`. Default the kit's stylesheet. */
  stylesheet: string
}

/** Where the kit's pages and forms live (absolute paths under the issuer). */
export interface KitPaths {
  home: string
  login: string
  consent: string
  selectAccount: string
  device: string
  logout: string
  revoke: string
  styles: string
}

/** What every page receives. */
export interface PageBase {
  branding: Branding
  paths: KitPaths
  /** The session's CSRF token: every form must send it back as `csrf`. */
  csrf: string
}

/** A whole page with one narrow card. */
export function layout(base: PageBase, title: string, main: Html): string {
  const b = base.branding
  return `<!doctype html>\n${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${b.name}</title>
<link rel="stylesheet" href="${base.paths.styles}">
<link rel="icon" href="data:,">
</head>
<body class="brand-id">
<a class="skip" href="#main">Skip to content</a>
<header class="topbar">
  <a class="logo" href="${base.paths.home}"><span class="mark" aria-hidden="true">${b.mark}</span>${b.name}</a>
</header>
<main id="main" class="narrow">
${main}
</main>
<footer class="footer">${b.footer}</footer>
</body>
</html>`.value
  }`
}

/** The hidden CSRF field every form carries. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf" value="${token}">`
}

/** The sealed pending request a form carries through (login, consent, account choice). */
export function pendingField(pending: string | undefined): Html | string {
  return pending ? html`<input type="hidden" name="pending" value="${pending}">` : ''
}
