import { z } from 'zod'
import { checkFailed, OAuthError } from '../../errors.js'
import { constantTimeEqual, sha256Base64url } from '../../lib/random.js'
import type { AuthorizationTransaction } from '../../oauth2/authorization-url.js'
import type { AuthorizationSession } from '../../provider/client-types.js'
import { sanitizeReturnTo } from '../return-to.js'
import { type CookieContext, cookieName, isSecure } from './context.js'
import { readCookies, serializeCookie } from './cookies.js'
import { open, seal } from './seal.js'

const AUDIENCE = 'authspec/auth transaction'
/** More parallel logins than this per browser and the oldest are dropped, so cookies stay small. */
const MAX_PARALLEL = 5

const PayloadSchema = z.object({
  n: z.string().min(1),
  r: z.string(),
  s: z.object({
    provider: z.string(),
    scopes: z.array(z.string()),
    transaction: z
      .object({
        state: z.string().min(1),
        redirectUri: z.string().min(1),
        clientId: z.string().min(1),
        responseType: z.string(),
        scope: z.array(z.string()),
        createdAt: z.number(),
      })
      .passthrough(),
  }),
  iat: z.number(),
})

/** A transaction read back at the callback. */
export interface OpenedTransaction {
  name: string
  session: AuthorizationSession
  returnTo: string
  /** The authorization response's parameters. */
  params: URLSearchParams
}

/** The cookie of the transaction whose `state` is given: one cookie per login, named after its state. */
async function transactionCookie(ctx: CookieContext, secure: boolean, state: string): Promise<string> {
  return cookieName(ctx, secure, `tx-${(await sha256Base64url(state)).slice(0, 16)}`)
}

/**
 * Whether the provider answers this authorization request with a cross-site POST
 * (`response_mode=form_post`, as the client writes it for a spec whose callback is form_post):
 * a `SameSite=Lax` cookie would not come back with it, so that login's cookie is `SameSite=None`.
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode
 */
export function answersByFormPost(authorizationUrl: URL): boolean {
  return authorizationUrl.searchParams.get('response_mode') === 'form_post'
}

/** The `Set-Cookie` values that start a transaction, dropping stale and surplus ones of this browser. */
export async function sealTransaction(
  ctx: CookieContext,
  request: Request,
  name: string,
  session: AuthorizationSession,
  returnTo: string,
  crossSite: boolean,
): Promise<string[]> {
  const secure = isSecure(ctx, request)
  const key = await ctx.transactionKey
  const now = ctx.now()
  const token = await seal({ n: name, r: returnTo, s: session } as never, key, AUDIENCE, ctx.ttl, now)
  const own = await transactionCookie(ctx, secure, session.transaction.state)
  const out = [serializeCookie(own, token, { secure, maxAge: ctx.ttl, crossSite })]

  const prefix = cookieName(ctx, secure, 'tx-')
  const live: { name: string; iat: number }[] = []
  for (const [cookie, value] of readCookies(request)) {
    if (!cookie.startsWith(prefix) || cookie === own) continue
    const opened = await open(value, key, AUDIENCE, now)
    const iat = opened.ok ? Number(opened.payload.iat) : Number.NaN
    if (Number.isFinite(iat)) live.push({ name: cookie, iat })
    else out.push(serializeCookie(cookie, '', { secure, maxAge: 0 }))
  }
  live.sort((a, b) => a.iat - b.iat)
  for (const stale of live.slice(0, Math.max(0, live.length - (MAX_PARALLEL - 1)))) {
    out.push(serializeCookie(stale.name, '', { secure, maxAge: 0 }))
  }
  return out
}

/** Whether the authorization response is a `form_post` body rather than the query. */
function isFormPost(request: Request): boolean {
  const type = request.headers.get('content-type') ?? ''
  return request.method === 'POST' && type.toLowerCase().startsWith('application/x-www-form-urlencoded')
}

/** The authorization response's parameters: the query, or a `form_post` body. */
export async function callbackParams(request: Request): Promise<URLSearchParams> {
  if (isFormPost(request)) return new URLSearchParams(await request.clone().text())
  return new URL(request.url).searchParams
}

/**
 * Finds, decrypts and checks the transaction an authorization response belongs to: its cookie
 * must exist, be intact and unexpired, carry the same `state` and, when `expectedName` is
 * given, have been started for that provider.
 */
export async function openTransaction(
  ctx: CookieContext,
  request: Request,
  expectedName: string | undefined,
): Promise<OpenedTransaction> {
  const params = await callbackParams(request)
  const state = params.get('state')
  if (!state) throw checkFailed('MISSING_STATE', 'the authorization response has no state', 'state')
  const secure = isSecure(ctx, request)
  const value = readCookies(request).get(await transactionCookie(ctx, secure, state))
  if (!value) {
    throw new OAuthError('MISSING_STATE', {
      error: 'missing_transaction',
      error_description:
        'no login is in progress for this state in this browser: it expired, was already completed, or was started elsewhere',
      claim: 'state',
    })
  }
  const opened = await open(value, await ctx.transactionKey, AUDIENCE, ctx.now())
  if (!opened.ok) {
    throw new OAuthError('STATE_MISMATCH', {
      error: opened.reason === 'expired' ? 'transaction_expired' : 'state_mismatch',
      error_description:
        opened.reason === 'expired'
          ? 'the login took too long; please start again'
          : 'the login transaction cookie is not valid (tampered with, or sealed with another secret)',
      claim: 'state',
    })
  }
  const parsed = PayloadSchema.safeParse(opened.payload)
  if (!parsed.success)
    throw checkFailed('STATE_MISMATCH', 'the login transaction cookie is malformed', 'state')
  const payload = parsed.data
  if (!constantTimeEqual(payload.s.transaction.state, state)) {
    throw checkFailed('STATE_MISMATCH', 'state does not match the login transaction', 'state')
  }
  if (expectedName !== undefined && payload.n !== expectedName) {
    throw new OAuthError('STATE_MISMATCH', {
      error: 'provider_mismatch',
      error_description: `this login was started for "${payload.n}", not "${expectedName}"`,
      claim: 'provider',
    })
  }
  return {
    name: payload.n,
    // Sanitised when sealed; again here so a future change there cannot open a redirect.
    returnTo: sanitizeReturnTo(payload.r),
    params,
    session: {
      provider: payload.s.provider,
      scopes: payload.s.scopes,
      transaction: payload.s.transaction as unknown as AuthorizationTransaction,
    },
  }
}

/** `Set-Cookie` values deleting the transaction cookie of the response in `request`, if any. */
export async function clearTransactionCookies(ctx: CookieContext, request: Request): Promise<string[]> {
  const state = (await callbackParams(request)).get('state')
  if (!state) return []
  const secure = isSecure(ctx, request)
  const name = await transactionCookie(ctx, secure, state)
  // A cookie that came with a form_post was set SameSite=None; Secure, and only a Secure
  // Set-Cookie may overwrite it (RFC 6265bis §5.7 step 16).
  const crossSite = isFormPost(request)
  return readCookies(request).has(name) ? [serializeCookie(name, '', { secure, maxAge: 0, crossSite })] : []
}
