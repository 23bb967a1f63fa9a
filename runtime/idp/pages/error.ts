import { explain } from './explain.js'
import { type Html, html } from './html.js'
import { layout, type PageBase } from './layout.js'

export interface ErrorPageInput extends PageBase {
  /** The RFC 6749 / OIDC error code (or the kit's own: `csrf`, `not_found`). */
  error: string
  description?: string | undefined
  status: number
}

/** An error the user sees here because it cannot be sent back to the client. */
export function errorPage(i: ErrorPageInput): string {
  return layout(i, 'Error', errorCard(i.error, i.description, i.paths.home))
}

/** The error card: the code, the server's description, a human explanation and a way back to `home`. */
export function errorCard(error: string, description: string | undefined, home: string): Html {
  return html`<section class="card" aria-labelledby="error-title">
  <div class="icon icon-error" aria-hidden="true">!</div>
  <h1 id="error-title">Sign-in didn’t work</h1>
  <p class="lead">${explain(error)}</p>
  <dl class="facts">
    <dt>Error</dt><dd><code data-testid="error-code">${error}</code></dd>
    ${description ? html`<dt>Details</dt><dd data-testid="error-description">${description}</dd>` : ''}
  </dl>
  <a class="button" href="${home}">Back to the start</a>
</section>`
}
