import { parseOAuthAuthParams } from './header.js'
import { FORM_TYPE, mediaType } from './params.js'

/** The OAuth-relevant parts of an incoming request. */
export interface IncomingOAuthRequest {
  method: string
  url: URL
  /** Authorization header params (realm excluded), signed as protocol parameters. */
  headerParams: Array<[string, string]>
  /** Every protocol parameter, wherever it travelled; duplicates named in `duplicates`. */
  oauth: Map<string, string>
  duplicates: string[]
  body: Uint8Array | undefined
  contentType: string | undefined
  isForm: boolean
}

/** Reads a `Request` without consuming it; null when the Authorization header is malformed. */
export async function readIncoming(request: Request, url: URL): Promise<IncomingOAuthRequest | null> {
  const header = parseOAuthAuthParams(request.headers.get('authorization'), true)
  if (header === null) return null
  const method = request.method.toUpperCase()
  const contentType = request.headers.get('content-type') ?? undefined
  const isForm = mediaType(contentType) === FORM_TYPE
  const sources: Array<Array<[string, string]>> = [header?.params ?? [], [...new URLSearchParams(url.search)]]
  // The body is read only when it is signed (a form) or hashed, so large uploads are not buffered.
  const hashed = sources.some((pairs) => pairs.some(([name]) => name === 'oauth_body_hash'))
  let body: Uint8Array | undefined
  if ((isForm || hashed) && method !== 'GET' && method !== 'HEAD' && request.body !== null) {
    body = new Uint8Array(await request.clone().arrayBuffer())
  }
  if (isForm && body) sources.push([...new URLSearchParams(new TextDecoder().decode(body))])
  const oauth = new Map<string, string>()
  const duplicates: string[] = []
  for (const [i, pairs] of sources.entries()) {
    for (const [name, value] of pairs) {
      // In the header every param is a protocol parameter; elsewhere only the oauth_* ones.
      if (i > 0 && !name.startsWith('oauth_')) continue
      if (oauth.has(name)) duplicates.push(name)
      oauth.set(name, value)
    }
  }
  return { method, url, headerParams: header?.params ?? [], oauth, duplicates, body, contentType, isForm }
}
