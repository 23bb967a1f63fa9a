/**
 * The one request body reader: the declared length and the bytes read are held to one limit, and
 * past it the one 413 (`bodyTooLarge`). Platforms only pump chunks into a `BodyReader`: a Web
 * `Request`'s stream here (`readWebBody`), node's `IncomingMessage` in runtime/http/node.ts.
 */
import { bodyTooLarge, OAuthServerError, serverError } from '../errors.js'

/** Collects a body's chunks up to `maxBytes`. */
export class BodyReader {
  readonly #chunks: Uint8Array[] = []
  #total = 0

  /** Refuses at once a body whose declared `Content-Length` is past `maxBytes`. */
  constructor(
    readonly maxBytes: number,
    declaredLength: string | null | undefined,
  ) {
    if (Number(declaredLength ?? '0') > maxBytes) throw bodyTooLarge()
  }

  /** Adds a chunk; throws `bodyTooLarge()` once the body is past the limit. */
  push(chunk: Uint8Array): void {
    this.#total += chunk.byteLength
    if (this.#total > this.maxBytes) throw bodyTooLarge()
    this.#chunks.push(chunk)
  }

  /** The whole body; a body that came in one chunk (small forms) is that chunk. */
  bytes(): Uint8Array<ArrayBuffer> {
    if (this.#chunks.length === 1) return this.#chunks[0] as Uint8Array<ArrayBuffer>
    const out = new Uint8Array(this.#total)
    let offset = 0
    for (const c of this.#chunks) {
      out.set(c, offset)
      offset += c.byteLength
    }
    return out
  }
}

const decoder = new TextDecoder()

/** UTF-8 text of a body (invalid sequences become U+FFFD, as `Request.text()` does). */
export function decodeBody(bytes: Uint8Array | undefined): string {
  return bytes === undefined || bytes.byteLength === 0 ? '' : decoder.decode(bytes)
}

/**
 * Reads a Web `Request`'s body with a size limit: `invalid_request` (413) past `maxBytes`,
 * `invalid_request` (400) when the stream fails.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14
 */
export async function readWebBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const body = new BodyReader(maxBytes, request.headers.get('content-length'))
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      body.push(value)
    }
  } catch (err) {
    // Not awaited: when the app cloned the request, this stream is one branch of a tee, and
    // cancelling it settles only once the other branch is cancelled too, which may be never.
    reader.cancel().catch(() => undefined)
    if (err instanceof OAuthServerError) throw err
    throw serverError('invalid_request', 'the request body could not be read')
  } finally {
    reader.releaseLock()
  }
  return body.bytes()
}
