/**
 * The device flow's verification page at `verification_uri` (RFC 8628 §3.3): sign in, enter (or
 * confirm the pre-filled) user code, allow or deny.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
import { OAuthServerError } from '../server/errors.js'
import { loginPage } from './authorize.js'
import { type Kit, pageBase, type Route, show } from './context.js'
import type { DevicePageInput, PageBase } from './pages/index.js'
import { authenticatedUser, currentAccount, type SessionData } from './session.js'

/** GET `/device` (`?user_code=` from `verification_uri_complete`). */
export const deviceGetRoute: Route = async (kit, request, session) => {
  const userCode = new URL(request.url).searchParams.get('user_code') ?? undefined
  if (!currentAccount(session)) return loginPage(kit, session, { kind: 'device', userCode }, {})
  return userCode ? confirm(kit, session, userCode) : devicePage(kit, session, { step: 'enter' })
}

/** POST `/device`: a user code to look up, or the user's answer to one. */
export const devicePostRoute: Route = async (kit, _request, session, form) => {
  const userCode = (form.get('user_code') ?? '').trim()
  const account = currentAccount(session)
  if (!account) return loginPage(kit, session, { kind: 'device', userCode }, {})
  const decision = form.get('decision')
  if (decision === null) return confirm(kit, session, userCode)
  try {
    const approved = decision === 'allow'
    await kit.server.completeDeviceAuthorization(
      userCode,
      approved ? { approved, user: authenticatedUser(account) } : { approved },
    )
    return devicePage(kit, session, { step: 'done', approved })
  } catch (err) {
    return codeError(kit, session, userCode, err)
  }
}

async function confirm(kit: Kit, session: SessionData, userCode: string): Promise<Response> {
  try {
    const request = await kit.server.validateUserCode(userCode)
    return devicePage(kit, session, { step: 'confirm', userCode, request })
  } catch (err) {
    return codeError(kit, session, userCode, err)
  }
}

/** An unknown, used or expired code: the form again, saying so. */
function codeError(kit: Kit, session: SessionData, userCode: string, err: unknown): Promise<Response> {
  if (!(err instanceof OAuthServerError)) throw err
  const error = 'That code is not valid or has expired. Check the code on your device and try again.'
  return devicePage(kit, session, { step: 'enter', userCode, error }, 400)
}

function devicePage(
  kit: Kit,
  session: SessionData,
  input: Omit<DevicePageInput, keyof PageBase>,
  status = 200,
): Promise<Response> {
  return show(kit, session, kit.options.pages.device({ ...pageBase(kit, session), ...input }), status)
}
