import { oauth1ProblemResponse } from '../runtime/oauth1/problem-response.js'
import { createOAuth1Verifier, type OAuth1ConsumerRecord } from '../runtime/oauth1/verify.js'
import type { SpecEndpoint } from '../runtime/provider/lib/spec-urls.js'
import type { OAuth1Spec, ProviderSpec } from '../runtime/provider/spec-types.js'
import { API_PREFIX, answerOperation, apiFallback, operationPath } from './api-operations.js'
import {
  form,
  fromWebResponse,
  json,
  type MockResponse,
  randomCredential,
  serve,
  toWebRequest,
} from './serve.js'
import { endpointAt, mockHostMap } from './spec-routes.js'
import type { MockProvider, MockProviderOptions, MockRequest } from './types.js'

/** The three RFC 5849 §2 endpoints of the mock. */
const OAUTH1_PATHS = {
  temporaryCredentials: '/oauth/request_token',
  authorization: '/oauth/authorize',
  tokenCredentials: '/oauth/access_token',
} as const

const OWN_PATHS: Readonly<Record<string, SpecEndpoint>> = {
  [OAUTH1_PATHS.temporaryCredentials]: 'temporaryCredentials',
  [OAUTH1_PATHS.authorization]: 'authorization',
  [OAUTH1_PATHS.tokenCredentials]: 'tokenCredentials',
}

/** The consumer an OAuth 1.0a mock knows when `options.consumers` names none. */
export const DEFAULT_MOCK_CONSUMER = { key: 'mock-consumer', secret: 'mock-secret' } as const

const DEFAULT_CONSUMERS: Readonly<Record<string, OAuth1ConsumerRecord>> = {
  [DEFAULT_MOCK_CONSUMER.key]: { secret: DEFAULT_MOCK_CONSUMER.secret },
}

interface Temporary {
  consumerKey: string
  secret: string
  callback: string
  verifier: string | undefined
}

/**
 * The OAuth 1.0a mock (RFC 5849): temporary credentials, an authorization step that approves at
 * once, token credentials for the verifier, and the spec's API operations. Every request's
 * signature, timestamp and nonce are checked by `runtime/oauth1`'s server verifier with the
 * spec's signature method (PLAINTEXT needs https, so a PLAINTEXT spec cannot be mocked on http).
 */
export async function createOAuth1Mock(
  spec: ProviderSpec,
  options: MockProviderOptions,
): Promise<Omit<MockProvider, 'hosts'>> {
  const o1 = spec.oauth1 as OAuth1Spec
  const consumers = options.consumers ?? DEFAULT_CONSUMERS
  const temporary = new Map<string, Temporary>()
  const granted = new Map<string, { consumerKey: string; secret: string }>()
  const verifier = <T extends { consumerKey: string; secret: string }>(tokens: Map<string, T>) =>
    createOAuth1Verifier({
      lookupConsumer: (key) => (Object.hasOwn(consumers, key) ? consumers[key] : undefined),
      lookupToken: (key, _consumer, consumerKey) => {
        const held = tokens.get(key)
        return held?.consumerKey === consumerKey ? held : undefined
      },
      signatureMethods: [o1.signatureMethod],
    })
  const credentials = verifier(new Map<string, Temporary>())
  const exchange = verifier(temporary)
  const resource = verifier(granted)

  async function route(req: MockRequest): Promise<MockResponse> {
    const path = req.url.pathname
    const at = endpointAt(spec, path, OWN_PATHS)
    if (at === 'temporaryCredentials') {
      const result = await credentials.verify(toWebRequest(req), { requireToken: false })
      if (!result.ok) return fromWebResponse(oauth1ProblemResponse(result))
      const callback = result.oauthParams['oauth_callback']
      if (!callback) return problem(400, 'parameter_absent', { oauth_parameters_absent: 'oauth_callback' })
      const key = randomCredential()
      const secret = randomCredential()
      temporary.set(key, { consumerKey: result.consumerKey, secret, callback, verifier: undefined })
      return form(200, { oauth_token: key, oauth_token_secret: secret, oauth_callback_confirmed: 'true' })
    }
    if (at === 'authorization') {
      const key = req.url.searchParams.get('oauth_token') ?? ''
      const held = temporary.get(key)
      if (!held) return problem(401, 'token_rejected')
      held.verifier = randomCredential()
      if (held.callback === 'oob') {
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: held.verifier }
      }
      const back = new URL(held.callback)
      back.searchParams.set('oauth_token', key)
      back.searchParams.set('oauth_verifier', held.verifier)
      return { status: 302, headers: { location: back.href } }
    }
    if (at === 'tokenCredentials') {
      const result = await exchange.verify(toWebRequest(req))
      if (!result.ok) return fromWebResponse(oauth1ProblemResponse(result))
      const held = result.token!
      if (!held.verifier || result.oauthParams['oauth_verifier'] !== held.verifier) {
        return problem(401, 'permission_denied')
      }
      // Temporary credentials are single use (RFC 5849 §2.3).
      temporary.delete(result.tokenKey!)
      const key = randomCredential()
      const secret = randomCredential()
      granted.set(key, { consumerKey: result.consumerKey, secret })
      return form(200, { oauth_token: key, oauth_token_secret: secret })
    }
    const opPath = spec.api && (operationPath(spec.api, req.method, path) ?? apiFallback(path))
    if (spec.api && opPath) {
      return answerOperation(spec.api, req, opPath, async (r) => (await resource.verify(toWebRequest(r))).ok)
    }
    return json(404, { error: 'not_found' })
  }

  const server = await serve(options.port ?? 0, route)
  const base = server.base
  return {
    url: base,
    issuer: base,
    hostMap: mockHostMap(spec, base),
    credentials: {},
    endpointOverrides: {
      temporaryCredentials: `${base}${OAUTH1_PATHS.temporaryCredentials}`,
      authorization: `${base}${OAUTH1_PATHS.authorization}`,
      tokenCredentials: `${base}${OAUTH1_PATHS.tokenCredentials}`,
      ...(spec.api ? { api: `${base}${API_PREFIX}` } : {}),
    },
    requests: server.requests,
    close: server.close,
  }
}

/** An OAuth Problem Reporting answer (Problem Reporting extension, form-encoded). */
function problem(status: 400 | 401, name: string, details: Record<string, string> = {}): MockResponse {
  return form(status, { oauth_problem: name, ...details })
}
