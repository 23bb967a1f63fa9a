// Plain pages for the device verification flow (RFC 8628 §3.3), replacing oidc-provider's
// defaults (which pull a web font and log a notice on every use). `form` is oidc-provider's own
// form, carrying its xsrf token; these functions only wrap it.

interface PageContext {
  body?: unknown
  type?: string
  oidc: { client?: { clientName?: string; clientId: string } | undefined }
}

function wrap(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export const devicePages = {
  async userCodeInputSource(ctx: PageContext, form: string, _out: unknown, err: unknown): Promise<void> {
    const message = err ? '<p class="error">The code you entered is incorrect. Try again.</p>' : ''
    ctx.type = 'html'
    ctx.body = wrap(
      'Enter device code',
      `${message}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`,
    )
  },
  async userCodeConfirmSource(
    ctx: PageContext,
    form: string,
    client: { clientName?: string; clientId: string },
    _deviceInfo: unknown,
    userCode: string,
  ): Promise<void> {
    ctx.type = 'html'
    ctx.body = wrap(
      'Confirm device',
      `<p>${escapeHtml(client.clientName ?? client.clientId)} shows the code <code>${escapeHtml(userCode)}</code>.</p>
${form}<button type="submit" form="op.deviceConfirmForm">Continue</button>`,
    )
  },
  async successSource(ctx: PageContext): Promise<void> {
    const client = ctx.oidc.client
    ctx.type = 'html'
    ctx.body = wrap(
      'Device sign-in success',
      `<p>${escapeHtml(client?.clientName ?? client?.clientId ?? 'The device')} is signed in; you can close this page.</p>`,
    )
  },
}
