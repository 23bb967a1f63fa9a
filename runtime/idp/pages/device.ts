import type { DeviceConsentRequest } from '../../server/types.js'
import { clientLabel } from './client.js'
import { html } from './html.js'
import { csrfField, layout, type PageBase } from './layout.js'
import { resourcesNote } from './resources.js'
import { describeScope } from './scopes.js'

export interface DevicePageInput extends PageBase {
  /**
   * `enter`: the user-code form; `confirm`: allow or deny the device's request; `done`: the
   * answer was recorded (`approved` says which).
   */
  step: 'enter' | 'confirm' | 'done'
  userCode?: string | undefined
  request?: DeviceConsentRequest | undefined
  approved?: boolean | undefined
  error?: string | undefined
}

/** The device flow's verification page (RFC 8628 §3.3). */
export function devicePage(i: DevicePageInput): string {
  if (i.step === 'done') {
    const main = html`<section class="card" aria-labelledby="device-title">
  <h1 id="device-title">${i.approved ? 'Device connected' : 'Request denied'}</h1>
  <p class="lead">${i.approved ? 'You can go back to your device now.' : 'The device was not given access.'}</p>
</section>`
    return layout(i, 'Device', main)
  }
  if (i.step === 'confirm' && i.request) {
    const client = clientLabel(i.request.client)
    const main = html`<section class="card" aria-labelledby="device-title">
  <h1 id="device-title"><strong>${client}</strong> on another device wants to access your ${i.branding.name} account</h1>
  <p>Code <code data-testid="user-code">${i.request.userCode}</code>. This will allow ${client} to:</p>
  <ul class="scopes">${i.request.scopes.map(describeScope).map((s) => html`<li><span class="check" aria-hidden="true">✓</span><div><strong>${s.title}</strong><span class="muted small">${s.detail}</span></div></li>`)}</ul>
  ${resourcesNote(i.request.resources)}
  <form method="post" action="${i.paths.device}" class="actions">
    ${csrfField(i.csrf)}
    <input type="hidden" name="user_code" value="${i.request.userCode}">
    <button type="submit" name="decision" value="deny" class="button">Deny</button>
    <button type="submit" name="decision" value="allow" class="button button-primary">Allow</button>
  </form>
</section>`
    return layout(i, 'Connect a device', main)
  }
  const main = html`<section class="card" aria-labelledby="device-title">
  <h1 id="device-title">Connect a device</h1>
  <p class="lead">Enter the code shown on your device.</p>
  ${i.error ? html`<div class="alert alert-error" role="alert" id="device-error">${i.error}</div>` : ''}
  <form method="post" action="${i.paths.device}" class="stack">
    ${csrfField(i.csrf)}
    <div class="field">
      <label for="user_code">Code</label>
      <input id="user_code" name="user_code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" required value="${i.userCode ?? ''}" autofocus ${i.error ? html`aria-describedby="device-error"` : ''}>
    </div>
    <button type="submit" class="button button-primary button-block">Continue</button>
  </form>
</section>`
  return layout(i, 'Connect a device', main)
}
