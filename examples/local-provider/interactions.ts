import type { IncomingMessage, ServerResponse } from 'node:http'
import type { InteractionDetails, Provider } from 'oidc-provider'

/** A user the local provider can sign in, with the claims it releases per scope. */
export interface DemoUser {
  username: string
  password: string
  /** Subject identifier (`sub`) issued for this user. */
  sub: string
  claims: {
    name: string
    given_name: string
    family_name: string
    preferred_username: string
    email: string
    email_verified: boolean
  }
}

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|consent|abort))?$/

/**
 * Serves the provider's login and consent pages in place of oidc-provider's devInteractions,
 * which accept any user name without a password. These pages check the password, so a test
 * can prove that a wrong one is refused. Returns false when the path is not an interaction.
 */
export async function handleInteraction(
  provider: Provider,
  users: readonly DemoUser[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const match = INTERACTION_PATH.exec(url.pathname)
  if (!match) return false
  const [, uid, action] = match
  const details = await provider.interactionDetails(req, res)
  if (details.uid !== uid) {
    sendHtml(res, 400, page('Error', '<p>interaction mismatch</p>'))
    return true
  }
  if (req.method === 'GET' && action === undefined) {
    sendHtml(res, 200, renderPrompt(details))
    return true
  }
  if (req.method !== 'POST' || action === undefined) {
    sendHtml(res, 405, page('Error', '<p>method not allowed</p>'))
    return true
  }
  const form = new URLSearchParams(await readBody(req))
  switch (action) {
    case 'login':
      return login(provider, users, details, form, req, res)
    case 'consent':
      return consent(provider, details, req, res)
    case 'abort':
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      )
      return true
  }
  return false
}

async function login(
  provider: Provider,
  users: readonly DemoUser[],
  details: InteractionDetails,
  form: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (details.prompt.name !== 'login') {
    sendHtml(res, 400, page('Error', '<p>not at the login prompt</p>'))
    return true
  }
  const user = users.find((u) => u.username === form.get('username'))
  if (!user || user.password !== form.get('password')) {
    sendHtml(res, 401, renderLogin(details.uid, 'Invalid user name or password.'))
    return true
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub } },
    { mergeWithLastSubmission: false },
  )
  return true
}

async function consent(
  provider: Provider,
  details: InteractionDetails,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (details.prompt.name !== 'consent') {
    sendHtml(res, 400, page('Error', '<p>not at the consent prompt</p>'))
    return true
  }
  const accountId = details.session?.accountId
  const clientId = details.params['client_id']
  if (typeof accountId !== 'string' || typeof clientId !== 'string') {
    sendHtml(res, 400, page('Error', '<p>no signed-in user</p>'))
    return true
  }
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId })
  // Grant exactly what the prompt says is missing, as a user pressing "Allow" would.
  const missing = details.prompt.details
  const scopes = stringArray(missing['missingOIDCScope'])
  if (scopes.length > 0) grant.addOIDCScope(scopes.join(' '))
  const claims = stringArray(missing['missingOIDCClaims'])
  if (claims.length > 0) grant.addOIDCClaims(claims)
  const resourceScopes = missing['missingResourceScopes']
  if (resourceScopes && typeof resourceScopes === 'object') {
    for (const [indicator, value] of Object.entries(resourceScopes)) {
      grant.addResourceScope(indicator, stringArray(value).join(' '))
    }
  }
  const grantId = await grant.save()
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true })
  return true
}

function renderPrompt(details: InteractionDetails): string {
  if (details.prompt.name === 'login') return renderLogin(details.uid)
  const clientId = escapeHtml(String(details.params['client_id']))
  const scopes = stringArray(details.prompt.details['missingOIDCScope'])
  const items = scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')
  return page(
    'Authorize',
    `<p>${clientId} asks for:</p><ul>${items}</ul>
<form method="post" action="/interaction/${details.uid}/consent"><button type="submit">Allow</button></form>
<form method="post" action="/interaction/${details.uid}/abort"><button type="submit">Deny</button></form>`,
  )
}

function renderLogin(uid: string, error?: string): string {
  const message = error ? `<p class="error">${escapeHtml(error)}</p>` : ''
  return page(
    'Sign in',
    `${message}<form method="post" action="/interaction/${uid}/login">
<input type="text" name="username" autocomplete="username">
<input type="password" name="password" autocomplete="current-password">
<button type="submit">Sign in</button>
</form>`,
  )
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(html)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > 64 * 1024) throw new Error('interaction form too large')
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
