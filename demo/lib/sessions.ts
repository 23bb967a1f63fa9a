/**
 * Server-side sessions kept in memory, one map per origin. The cookie holds only a random id.
 * Each session carries its CSRF synchronizer token. Cookies are not isolated by port, so each
 * origin uses its own cookie name.
 */
import { constantTimeEqual, randomToken } from '../../runtime/lib/random.js'
import { parseCookies, serializeCookie } from './cookies.js'

export interface Session<T> {
  id: string
  csrf: string
  data: T
  expiresAt: number
}

export interface LoadedSession<T> {
  session: Session<T>
  /** `Set-Cookie` to send when the session is new (or was rotated). */
  setCookie: string | undefined
}

export class SessionStore<T> {
  readonly #sessions = new Map<string, Session<T>>()

  constructor(
    readonly cookieName: string,
    private readonly init: () => T,
    private readonly ttlSeconds = 8 * 3600,
    private readonly now: () => number = Date.now,
  ) {}

  /** The request's session, or a new empty one with a cookie to set. */
  load(request: Request): LoadedSession<T> {
    const id = parseCookies(request).get(this.cookieName)
    const found = id ? this.#sessions.get(id) : undefined
    if (found && found.expiresAt > this.now()) {
      found.expiresAt = this.now() + this.ttlSeconds * 1000
      return { session: found, setCookie: undefined }
    }
    if (found) this.#sessions.delete(found.id)
    return this.#create(this.init())
  }

  /** Moves a session's data to a new id and CSRF token (after sign-in, against session fixation). */
  rotate(session: Session<T>): LoadedSession<T> {
    this.#sessions.delete(session.id)
    return this.#create(session.data)
  }

  /** Ends a session; returns the cookie that clears it. */
  destroy(session: Session<T>): string {
    this.#sessions.delete(session.id)
    return serializeCookie(this.cookieName, '', { maxAge: 0 })
  }

  /** True when the form carries this session's CSRF token. */
  verifyCsrf(session: Session<T>, form: URLSearchParams): boolean {
    const sent = form.get('csrf') ?? ''
    return sent !== '' && constantTimeEqual(sent, session.csrf)
  }

  #create(data: T): LoadedSession<T> {
    for (const [key, s] of this.#sessions) if (s.expiresAt <= this.now()) this.#sessions.delete(key)
    const session: Session<T> = {
      id: randomToken(32),
      csrf: randomToken(32),
      data,
      expiresAt: this.now() + this.ttlSeconds * 1000,
    }
    this.#sessions.set(session.id, session)
    return { session, setCookie: serializeCookie(this.cookieName, session.id, { maxAge: this.ttlSeconds }) }
  }
}
