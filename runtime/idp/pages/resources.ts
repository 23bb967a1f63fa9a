import { type Html, html } from './html.js'

/**
 * The resources (RFC 8707) the app's tokens will be for, so the user sees which services it means
 * to use them at; nothing when the request named none.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function resourcesNote(resources: readonly string[] | undefined): Html | '' {
  if (!resources?.length) return ''
  return html`<p class="muted small">Only at ${resources.length === 1 ? 'this service' : 'these services'}:</p>
  <ul class="resources" data-testid="resources">${resources.map((r) => html`<li><code>${r}</code></li>`)}</ul>`
}
