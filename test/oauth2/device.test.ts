import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  DEVICE_CODE_GRANT_TYPE,
  type PollDeviceTokenInput,
  pollDeviceToken,
  requestDeviceAuthorization,
} from '../../runtime/oauth2/device.js'
import type { ClientConfig, ServerMetadata } from '../../runtime/oauth2/types.js'
import { rejection } from '../helpers/rejection.js'
import { type FakeResponse, type FakeServer, startFakeServer, tokenBody } from './fixtures/fake-server.js'

let as: FakeServer
let metadata: ServerMetadata
const client: ClientConfig = { clientId: 'tv-app' }

beforeAll(async () => {
  as = await startFakeServer()
  metadata = {
    issuer: as.origin,
    token_endpoint: `${as.origin}/token`,
    device_authorization_endpoint: `${as.origin}/device`,
  }
})
afterAll(() => as.close())
beforeEach(() => as.reset())

/** Fake time: sleeping advances the clock instantly and records each wait. */
function fakeTime(start = 1_000_000) {
  let clock = start
  const sleeps: number[] = []
  return {
    now: () => clock,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      clock += ms
    },
    sleeps,
  }
}

/** The token endpoint answers from a script, one answer per poll; the last one repeats. */
function script(...answers: FakeResponse[]) {
  let i = 0
  as.route('POST', '/token', () => answers[Math.min(i++, answers.length - 1)]!)
}

const pending: FakeResponse = { status: 400, json: { error: 'authorization_pending' } }
const slowDown: FakeResponse = { status: 400, json: { error: 'slow_down' } }

function poll(authorization: PollDeviceTokenInput['authorization'], time: ReturnType<typeof fakeTime>) {
  return pollDeviceToken({ metadata, client, authorization, now: time.now, sleep: time.sleep })
}

describe('requestDeviceAuthorization (RFC 8628 §3.1)', () => {
  it('sends client_id and scope and returns the checked response', async () => {
    as.route('POST', '/device', () => ({
      json: {
        device_code: 'dc',
        user_code: 'WDJB-MJHT',
        verification_uri: 'https://as.example/device',
        verification_uri_complete: 'https://as.example/device?user_code=WDJB-MJHT',
        expires_in: 1800,
        interval: 5,
      },
    }))
    const auth = await requestDeviceAuthorization({ metadata, client, scope: ['openid', 'profile'] })
    expect(auth).toMatchObject({ device_code: 'dc', user_code: 'WDJB-MJHT', expires_in: 1800, interval: 5 })
    expect(Object.fromEntries(as.requests[0]!.form)).toEqual({ client_id: 'tv-app', scope: 'openid profile' })
  })

  it('maps verification_url (a common variant) to verification_uri', async () => {
    as.route('POST', '/device', () => ({
      json: { device_code: 'dc', user_code: 'U', verification_url: 'https://as.example/d', expires_in: 600 },
    }))
    const auth = await requestDeviceAuthorization({ metadata, client })
    expect(auth.verification_uri).toBe('https://as.example/d')
    expect(auth.interval).toBeUndefined()
  })

  it.each([
    [
      'no user_code',
      { device_code: 'dc', verification_uri: 'https://as.example/d', expires_in: 600 },
      'user_code',
    ],
    [
      'a relative verification_uri',
      { device_code: 'dc', user_code: 'U', verification_uri: '/d', expires_in: 600 },
      'verification_uri',
    ],
    [
      'no expires_in',
      { device_code: 'dc', user_code: 'U', verification_uri: 'https://as.example/d' },
      'expires_in',
    ],
  ])('a response with %s is INVALID_RESPONSE naming the field', async (_name, json, field) => {
    as.route('POST', '/device', () => ({ json }))
    const err = await rejection(requestDeviceAuthorization({ metadata, client }))
    expect(err.code).toBe('INVALID_RESPONSE')
    expect(err.claim).toBe(field)
  })
})

describe('pollDeviceToken (RFC 8628 §3.4-3.5)', () => {
  it('waits the interval, keeps polling while pending and adds 5 s on slow_down', async () => {
    script(pending, pending, slowDown, pending, tokenBody({ refresh_token: 'rt' }))
    const time = fakeTime()
    const tokens = await poll({ device_code: 'dc-1', expires_in: 600, interval: 2 }, time)
    expect(tokens.access_token).toBe('at-1')
    expect(time.sleeps).toEqual([2000, 2000, 2000, 7000, 7000])
    expect(as.requests).toHaveLength(5)
    expect(Object.fromEntries(as.requests[0]!.form)).toEqual({
      grant_type: DEVICE_CODE_GRANT_TYPE,
      device_code: 'dc-1',
      client_id: 'tv-app',
    })
  })

  it('slow_down accumulates and the default interval is 5 s', async () => {
    script(slowDown, slowDown, tokenBody())
    const time = fakeTime()
    await poll({ device_code: 'dc', expires_in: 600 }, time)
    expect(time.sleeps).toEqual([5000, 10_000, 15_000])
  })

  it('expired_token from the server is DEVICE_CODE_EXPIRED', async () => {
    script(pending, { status: 400, json: { error: 'expired_token', error_description: 'too late' } })
    const err = await rejection(poll({ device_code: 'dc', expires_in: 600, interval: 1 }, fakeTime()))
    expect(err).toMatchObject({ code: 'DEVICE_CODE_EXPIRED', error: 'expired_token', status: 400 })
  })

  it('stops on its own once expires_in has passed, without another request', async () => {
    script(pending)
    const time = fakeTime()
    const err = await rejection(poll({ device_code: 'dc', expires_in: 12, interval: 5 }, time))
    expect(err.code).toBe('DEVICE_CODE_EXPIRED')
    // Polls at t=5 and t=10; at t=15 the 12 s lifetime is over.
    expect(as.requests).toHaveLength(2)
    expect(time.sleeps).toEqual([5000, 5000, 5000])
  })

  it('access_denied is ACCESS_DENIED', async () => {
    script(pending, { status: 400, json: { error: 'access_denied', error_description: 'user declined' } })
    const err = await rejection(poll({ device_code: 'dc', expires_in: 600, interval: 1 }, fakeTime()))
    expect(err).toMatchObject({
      code: 'ACCESS_DENIED',
      error: 'access_denied',
      error_description: 'user declined',
    })
  })

  it('any other error is passed through', async () => {
    script({ status: 401, json: { error: 'invalid_client' } })
    const err = await rejection(poll({ device_code: 'dc', expires_in: 600, interval: 1 }, fakeTime()))
    expect(err).toMatchObject({ code: 'OAUTH_RESPONSE_ERROR', error: 'invalid_client', status: 401 })
  })

  it('an AbortSignal cancels polling between requests', async () => {
    script(pending)
    const controller = new AbortController()
    const time = fakeTime()
    const promise = pollDeviceToken({
      metadata,
      client,
      authorization: { device_code: 'dc', expires_in: 600, interval: 1 },
      now: time.now,
      sleep: async (ms) => {
        await time.sleep(ms)
        if (time.sleeps.length === 3) controller.abort(new Error('user gave up'))
      },
      signal: controller.signal,
    })
    await expect(promise).rejects.toThrow('user gave up')
    expect(as.requests).toHaveLength(2)
  })

  it('an AbortSignal also interrupts the built-in sleep', async () => {
    script(pending)
    const controller = new AbortController()
    const started = Date.now()
    setTimeout(() => controller.abort(), 50)
    const promise = pollDeviceToken({
      metadata,
      client,
      authorization: { device_code: 'dc', expires_in: 600, interval: 30 },
      signal: controller.signal,
    })
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(as.requests).toHaveLength(0)
  })

  it('an AbortSignal cancels a request in flight', async () => {
    as.route('POST', '/token', () => ({ hang: true }))
    const controller = new AbortController()
    const started = Date.now()
    const promise = pollDeviceToken({
      metadata,
      client,
      authorization: { device_code: 'dc', expires_in: 600, interval: 0 },
      sleep: async () => {
        setTimeout(() => controller.abort(), 50)
      },
      signal: controller.signal,
    })
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(as.requests).toHaveLength(1)
  })

  it.each([
    ['no expires_in', { device_code: 'dc', expires_in: Number.NaN }, /"authorization.expires_in"/],
    ['a negative interval', { device_code: 'dc', expires_in: 60, interval: -1 }, /"authorization.interval"/],
    ['no device_code', { device_code: '', expires_in: 60 }, /"authorization.device_code"/],
  ])('refuses %s', async (_name, authorization, message) => {
    await expect(poll(authorization, fakeTime())).rejects.toThrow(message)
    expect(as.requests).toHaveLength(0)
  })
})
