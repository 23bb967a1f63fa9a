/**
 * A headless "browser" for the local provider's HTML pages: follows redirects by hand, keeps a
 * tiny cookie jar, and submits the login, consent and device forms over plain HTTP. It only
 * ever talks to the provider's origin and never requests the client's redirect URI.
 */

export interface Credentials {
  username: string
  password: string
}

export interface LoginOptions extends Credentials {
  /** Press "Allow" (default) or "Deny" on the consent page. */
  consent?: 'allow' | 'deny' | undefined
  /** Reuse a jar to keep the provider session between logins (e.g. to test prompt=none). */
  jar?: CookieJar | undefined
}

/** Cookies by name for one origin; paths are ignored because the provider's cookie names differ. */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  /** Applies every `Set-Cookie` of a response, deleting expired cookies. */
  store(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || attributes.some((a) => isExpiry(a))) this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }

  get size(): number {
    return this.#cookies.size
  }
}

function isExpiry(attribute: string): boolean {
  const [key = '', value = ''] = attribute.split('=').map((s) => s.trim())
  if (key.toLowerCase() === 'max-age') return Number(value) <= 0
  if (key.toLowerCase() === 'expires') return Date.parse(value) <= Date.now()
  return false
}

export interface HtmlForm {
  action: string
  method: string
  fields: Map<string, string>
  /** Names of `type="password"` and text inputs, which a user would type into. */
  passwordFields: string[]
  textFields: string[]
}

/** Extracts the forms of a page. Enough for the provider's own, simple, server-rendered HTML. */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = []
  for (const [, formAttrs = '', body = ''] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = parseAttributes(formAttrs)
    const form: HtmlForm = {
      action: attrs.get('action') ?? '',
      method: (attrs.get('method') ?? 'get').toLowerCase(),
      fields: new Map(),
      passwordFields: [],
      textFields: [],
    }
    for (const [, inputAttrs = ''] of body.matchAll(/<input\b([^>]*)>/gi)) {
      const input = parseAttributes(inputAttrs)
      const name = input.get('name')
      if (!name) continue
      const type = (input.get('type') ?? 'text').toLowerCase()
      form.fields.set(name, input.get('value') ?? '')
      if (type === 'password') form.passwordFields.push(name)
      else if (type === 'text' || type === 'email') form.textFields.push(name)
    }
    forms.push(form)
  }
  return forms
}

function parseAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>()
  for (const [, name = '', , dq, sq] of source.matchAll(
    /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')/g,
  )) {
    attrs.set(name.toLowerCase(), decodeEntities(dq ?? sq ?? ''))
  }
  return attrs
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|quot|lt|gt|apos);/gi, (_, entity: string) => {
    const e = entity.toLowerCase()
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16))
    if (e.startsWith('#')) return String.fromCodePoint(Number.parseInt(e.slice(1), 10))
    return ({ amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" } as Record<string, string>)[e] ?? ''
  })
}

export interface Page {
  url: URL
  status: number
  html: string
  title: string
}

type Step = { kind: 'redirect'; url: URL } | { kind: 'page'; page: Page }

/** One request as a browser makes it: cookies in and out, redirects not followed. */
async function request(jar: CookieJar, url: URL, form?: URLSearchParams): Promise<Step> {
  const headers: Record<string, string> = { Accept: 'text/html' }
  const cookie = jar.header()
  if (cookie) headers['Cookie'] = cookie
  if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded'
  const res = await fetch(url, {
    method: form ? 'POST' : 'GET',
    headers,
    redirect: 'manual',
    ...(form ? { body: form.toString() } : {}),
  })
  jar.store(res.headers)
  const location = res.headers.get('location')
  if (res.status >= 300 && res.status < 400 && location) {
    await res.body?.cancel()
    return { kind: 'redirect', url: new URL(location, url) }
  }
  const html = await res.text()
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? ''
  return { kind: 'page', page: { url, status: res.status, html, title } }
}

/** Picks and fills the form a user would submit on this page, or returns undefined if none. */
type FormPicker = (page: Page, forms: HtmlForm[]) => { form: HtmlForm; values: URLSearchParams } | undefined

async function browse(
  start: URL,
  jar: CookieJar,
  pick: FormPicker,
  isDestination: (url: URL) => boolean,
): Promise<{ kind: 'destination'; url: URL } | { kind: 'page'; page: Page }> {
  let url = start
  let form: URLSearchParams | undefined
  for (let step = 0; step < 25; step++) {
    if (url.origin !== start.origin) throw new Error(`refusing to leave ${start.origin} for ${url.href}`)
    const result = await request(jar, url, form)
    form = undefined
    if (result.kind === 'redirect') {
      if (isDestination(result.url)) return { kind: 'destination', url: result.url }
      url = result.url
      continue
    }
    const { page } = result
    if (page.status >= 400) {
      throw new Error(`provider answered ${page.status} at ${page.url.pathname}: ${textOf(page.html)}`)
    }
    const chosen = pick(page, parseForms(page.html))
    if (!chosen) return { kind: 'page', page }
    if (chosen.form.method !== 'post')
      throw new Error(`unexpected ${chosen.form.method} form at ${url.pathname}`)
    url = new URL(chosen.form.action || url.href, url)
    form = chosen.values
  }
  throw new Error(`too many steps starting at ${start.pathname}`)
}

function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300)
}

function interactionPicker(credentials: Credentials, consent: 'allow' | 'deny'): FormPicker {
  return (_page, forms) => {
    const login = forms.find((f) => f.passwordFields.length > 0)
    if (login) {
      const values = new URLSearchParams([...login.fields])
      values.set(login.textFields[0] ?? 'username', credentials.username)
      values.set(login.passwordFields[0]!, credentials.password)
      return { form: login, values }
    }
    const suffix = consent === 'allow' ? '/consent' : '/abort'
    const choice = forms.find((f) => f.action.endsWith(suffix))
    return choice ? { form: choice, values: new URLSearchParams([...choice.fields]) } : undefined
  }
}

/**
 * Opens an authorization URL, signs in and consents as a user would, and returns the redirect
 * to the client's `redirect_uri` (with `code`, `state` and `iss`) without requesting it.
 *
 * @example
 * const callbackUrl = await loginThroughProvider(url, { username: 'alice', password: 'wonderland' })
 */
export async function loginThroughProvider(
  authorizationUrl: string | URL,
  options: LoginOptions,
): Promise<URL> {
  const start = new URL(authorizationUrl)
  const redirectUri = start.searchParams.get('redirect_uri')
  if (!redirectUri) throw new Error('authorization URL has no redirect_uri')
  const target = new URL(redirectUri)
  const result = await browse(
    start,
    options.jar ?? new CookieJar(),
    interactionPicker(options, options.consent ?? 'allow'),
    (url) => url.origin === target.origin && url.pathname === target.pathname,
  )
  if (result.kind === 'destination') return result.url
  throw new Error(
    `login stopped at "${result.page.title}" (${result.page.url.pathname}): ${textOf(result.page.html)}`,
  )
}

/**
 * Approves a device flow `user_code` through the provider's verification pages (RFC 8628 §3.3):
 * enters the code, confirms it, signs in and consents. Resolves with the final page's title.
 *
 * @example
 * await approveDeviceCode(device.verification_uri, device.user_code, { username: 'alice', password: 'wonderland' })
 */
export async function approveDeviceCode(
  verificationUri: string | URL,
  userCode: string,
  options: LoginOptions,
): Promise<string> {
  const login = interactionPicker(options, options.consent ?? 'allow')
  let codeEntered = false
  const pick: FormPicker = (page, forms) => {
    const codeForm = forms.find((f) => f.fields.has('user_code') && f.fields.has('xsrf'))
    if (codeForm) {
      // The entry form coming back means the provider rejected the code; stop instead of looping.
      if (!codeForm.fields.has('confirm')) {
        if (codeEntered) throw new Error(`user code refused: ${textOf(page.html)}`)
        codeEntered = true
      }
      const values = new URLSearchParams([...codeForm.fields])
      if (!values.get('user_code')) values.set('user_code', userCode)
      return { form: codeForm, values }
    }
    // verification_uri_complete answers with a self-submitting form carrying the code.
    const autoPost = forms.find((f) => f.fields.has('user_code'))
    if (autoPost) return { form: autoPost, values: new URLSearchParams([...autoPost.fields]) }
    return login(page, forms)
  }
  const result = await browse(new URL(verificationUri), options.jar ?? new CookieJar(), pick, () => false)
  if (result.kind === 'page' && /success/i.test(result.page.title)) return result.page.title
  const where =
    result.kind === 'page' ? `"${result.page.title}": ${textOf(result.page.html)}` : result.url.href
  throw new Error(`device approval did not succeed, stopped at ${where}`)
}
