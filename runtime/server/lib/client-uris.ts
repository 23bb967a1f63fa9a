import { serverError } from '../errors.js'
import { assertAbsoluteUri } from './absolute-uri.js'
import { isLoopbackRedirectUri } from './redirect-uri.js'

/**
 * Client metadata members that hold one URI (RFC 7591 §2, OpenID Connect Registration §2,
 * Front-Channel and Back-Channel Logout), whether or not this server uses them: a stored or
 * echoed member must still be a URI. Human-readable ones may carry a language tag (`logo_uri#ja`).
 */
const URI_MEMBERS: readonly string[] = [
  'backchannel_logout_uri',
  'client_uri',
  'frontchannel_logout_uri',
  'initiate_login_uri',
  'jwks_uri',
  'logo_uri',
  'policy_uri',
  'sector_identifier_uri',
  'tos_uri',
]

/** Members that hold a list of URIs other than the redirect targets (OpenID Connect Registration §2). */
const URI_LIST_MEMBERS: readonly string[] = ['request_uris']

/** Members that hold redirect targets, with the words their errors use for them. */
const REDIRECT_MEMBERS: Readonly<Record<string, string>> = {
  redirect_uris: 'redirect URIs',
  post_logout_redirect_uris: 'post-logout redirect URIs',
}

/**
 * Checks every URI-valued member of `metadata` (with its language-tagged forms) as an absolute
 * RFC 3986 URI as written: `invalid_redirect_uri` for redirect targets, which must also follow
 * the redirect URI policy, `invalid_client_metadata` for the others.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#ClientMetadata
 */
export function assertClientUris(metadata: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(metadata)) {
    const member = name.split('#')[0] ?? ''
    const redirectLabel = Object.hasOwn(REDIRECT_MEMBERS, member) ? REDIRECT_MEMBERS[member] : undefined
    if (URI_MEMBERS.includes(member)) {
      if (typeof value !== 'string') throw serverError('invalid_client_metadata', `invalid ${member}`)
      assertAbsoluteUri(value, member, 'invalid_client_metadata')
    } else if (URI_LIST_MEMBERS.includes(member) || redirectLabel !== undefined) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        throw serverError('invalid_client_metadata', `invalid ${member}`)
      for (const uri of value) {
        if (redirectLabel !== undefined) assertRedirectUri(uri, redirectLabel)
        else assertAbsoluteUri(uri, member, 'invalid_client_metadata')
      }
    }
  }
}

/**
 * A redirect target (`redirect_uris`, `post_logout_redirect_uris`): an absolute URI as written,
 * then https, http on a loopback IP literal, or a private-use scheme in reverse domain form
 * (RFC 8252 §7). Scheme and host are read from the text, as the redirect URI matcher reads them.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7
 */
function assertRedirectUri(uri: string, label: string): void {
  const { scheme } = assertAbsoluteUri(uri, label, 'invalid_redirect_uri')
  const lower = scheme.toLowerCase()
  const privateUse = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(lower)
  if (lower === 'https' || isLoopbackRedirectUri(uri) || privateUse) return
  throw serverError('invalid_redirect_uri', `${label} must use https, loopback http or a private-use scheme`)
}
