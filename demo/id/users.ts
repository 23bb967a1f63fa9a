/**
 * Local ID's user directory: a `demo_users` table next to the authorization server's tables in
 * the same SQLite file, serving as Local ID's accounts adapter. Passwords are kept only as scrypt
 * hashes.
 */
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { type Account, hashPassword } from '../../runtime/idp/index.js'
import type { UserClaims } from '../../runtime/server/index.js'

interface Row {
  username: string
  sub: string
  password_hash: string
  claims: string
}

export class UserDirectory {
  readonly #db: Database.Database

  constructor(path: string) {
    this.#db = new Database(path, { timeout: 5000 })
    this.#db.pragma('journal_mode = WAL')
    this.#db.exec(`CREATE TABLE IF NOT EXISTS demo_users (
      username TEXT PRIMARY KEY, sub TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, claims TEXT NOT NULL)`)
  }

  /** Adds a user unless the username exists; returns the user's `sub`. */
  async ensure(username: string, password: string, claims: Omit<UserClaims, 'sub'>): Promise<string> {
    const existing = this.#row(username)
    if (existing) return existing.sub
    const sub = randomUUID()
    this.#db
      .prepare('INSERT INTO demo_users (username, sub, password_hash, claims) VALUES (?, ?, ?, ?)')
      .run(username, sub, await hashPassword(password), JSON.stringify(claims))
    return sub
  }

  /** The account behind a username, for the kit's login form (it checks the password). */
  async findByLogin(username: string): Promise<Account | undefined> {
    const row = this.#row(username)
    if (!row) return undefined
    const claims = JSON.parse(row.claims) as { name?: string }
    return { sub: row.sub, passwordHash: row.password_hash, name: claims.name ?? username }
  }

  /** Claims for ID tokens and userinfo. */
  async claims(sub: string): Promise<UserClaims | undefined> {
    const row = this.#db.prepare('SELECT * FROM demo_users WHERE sub = ?').get(sub) as Row | undefined
    if (!row) return undefined
    return { ...(JSON.parse(row.claims) as Omit<UserClaims, 'sub'>), sub: row.sub }
  }

  close(): void {
    this.#db.close()
  }

  #row(username: string): Row | undefined {
    return this.#db.prepare('SELECT * FROM demo_users WHERE username = ?').get(username) as Row | undefined
  }
}
