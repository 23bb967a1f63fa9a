/** The demo app's error page: the RFC error code, the server's description and a human explanation. */
import { explain } from '../../runtime/idp/pages/explain.js'
import { html } from '../../runtime/idp/pages/html.js'
import { layout } from './layout.js'
import { page } from './respond.js'

export interface ErrorPageInput {
  error: string
  description?: string | undefined
  status?: number | undefined
  /** Where "Back" goes. Default `/`. */
  back?: string | undefined
  title?: string | undefined
}

/** Renders an error as a page. */
export function errorPage(e: ErrorPageInput): Response {
  const main = html`<section class="card" aria-labelledby="error-title">
  <div class="icon icon-error" aria-hidden="true">!</div>
  <h1 id="error-title">${e.title ?? 'Sign-in didn’t work'}</h1>
  <p class="lead">${explain(e.error)}</p>
  <dl class="facts">
    <dt>Error</dt><dd><code data-testid="error-code">${e.error}</code></dd>
    ${e.description ? html`<dt>Details</dt><dd data-testid="error-description">${e.description}</dd>` : ''}
  </dl>
  <a class="button" href="${e.back ?? '/'}">Back to the start</a>
</section>`
  return page(layout({ title: 'Error', main, narrow: true }), { status: e.status ?? 400 })
}
