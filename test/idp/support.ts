/**
 * A kit-served OpenID Provider on 127.0.0.1 with a controllable clock, and a cookie-keeping HTTP
 * "browser" that reads the kit's real forms (hidden CSRF and pending fields included).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CookieJar, parseForms } from '../../examples/local-provider/browser.js'
import { toNodeListener } from '../../runtime/http/node.js'
import {
  createIdentityProvider,
  hashPassword,
  type IdentityProviderOptions,
} from '../../runtime/idp/index.js'
import { DEVICE_CODE_GRANT, hashSecret, randomToken } from '../../runtime/server/index.js'
import { MemoryStore } from '../../runtime/storage/memory.js'

export const REDIRECT = 'http://127.0.0.1:9/callback'
export const AFTER_LOGOUT = 'http://127.0.0.1:9/signed-out'
export const PEOPLE = {
  ada: { sub: 'u-ada', name: 'Ada Lovelace', password: 'lovelace-pw' },
  bob: { sub: 'u-bob', name: 'Bob Babbage', password: 'babbage-pw' },
} as const

export type TestIdp = Awaited<ReturnType<typeof startIdp>>

/** Starts a provider with clients `rp` (confidential, secret `rp-secret`) and `tv` (device flow). */
export async function startIdp(extra: Partial<IdentityProviderOptions> = {}) {
  let handler: (r: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  const http = createServer(toNodeListener((r) => handler(r)))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  let nowMs = Date.now()
  const store = new MemoryStore()
  await store.saveClient({
    clientId: 'rp',
    clientName: 'Acme Notes',
    clientSecretHash: await hashSecret('rp-secret'),
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [REDIRECT],
    postLogoutRedirectUris: [AFTER_LOGOUT],
    grantTypes: ['authorization_code', 'refresh_token'],
    responseTypes: ['code'],
    scope: 'openid profile email offline_access',
  })
  await store.saveClient({
    clientId: 'tv',
    clientName: 'Living Room TV',
    tokenEndpointAuthMethod: 'none',
    redirectUris: [],
    grantTypes: [DEVICE_CODE_GRANT],
    responseTypes: [],
    scope: 'openid profile',
  })
  const hashes = new Map<string, string>()
  for (const [login, p] of Object.entries(PEOPLE)) hashes.set(login, await hashPassword(p.password))
  const idp = await createIdentityProvider({
    issuer,
    store,
    secret: randomToken(32),
    now: () => nowMs,
    accounts: {
      async findByLogin(login) {
        const p = PEOPLE[login as keyof typeof PEOPLE]
        return p && { sub: p.sub, name: p.name, passwordHash: hashes.get(login) ?? '' }
      },
      async claims(sub) {
        const p = Object.values(PEOPLE).find((x) => x.sub === sub)
        return p && { sub, name: p.name, email: `${p.sub}@example.com`, email_verified: true }
      },
    },
    server: { device: { interval: 1 } },
    ...extra,
  })
  handler = idp.handler
  return {
    issuer,
    idp,
    store,
    /** Moves the provider's clock (not the test's). */
    advance(seconds: number) {
      nowMs += seconds * 1000
    },
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  }
}

/** Cookies and forms, like a browser without JavaScript; redirects inside the issuer are followed. */
export class Browser {
  readonly jar = new CookieJar()
  constructor(readonly issuer: string) {}

  async get(url: string | URL): Promise<Response> {
    return this.#follow(await this.#send(String(url), { method: 'GET' }))
  }

  /** Submits the page's form whose action ends with `action`, with `fields` over its own. */
  async submit(page: string, action: string, fields: Record<string, string> = {}): Promise<Response> {
    const form = parseForms(page).find((f) => f.action.endsWith(action))
    if (!form) throw new Error(`no form posting to ${action} on this page:\n${page}`)
    const body = new URLSearchParams({ ...Object.fromEntries(form.fields), ...fields })
    return this.post(new URL(form.action, this.issuer).href, body)
  }

  async post(url: string, body: URLSearchParams, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.#send(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.issuer, ...headers },
    })
    return this.#follow(res)
  }

  /** Signs in on a login page; answers the next page (consent, or the redirect to the client). */
  signIn(page: string, who: keyof typeof PEOPLE): Promise<Response> {
    return this.submit(page, '/login', { username: who, password: PEOPLE[who].password })
  }

  async #send(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers)
    const cookie = this.jar.header()
    if (cookie) headers.set('cookie', cookie)
    const res = await fetch(url, { ...init, headers, redirect: 'manual' })
    this.jar.store(res.headers)
    return res
  }

  async #follow(res: Response): Promise<Response> {
    let current = res
    for (let hops = 0; hops < 5; hops++) {
      const location = current.headers.get('location')
      if (current.status < 300 || current.status > 399 || !location) return current
      const next = new URL(location, this.issuer)
      if (next.origin !== new URL(this.issuer).origin) return current
      current = await this.#send(next.href, { method: 'GET' })
    }
    return current
  }
}

/** The `Location` of a redirect to the client, parsed. */
export function clientRedirect(res: Response): URL {
  const location = res.headers.get('location')
  if (res.status < 300 || res.status > 399 || !location) throw new Error(`not a redirect: ${res.status}`)
  return new URL(location)
}
