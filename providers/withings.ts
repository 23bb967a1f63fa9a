import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const AUTH = 'https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-authorize'
const TOKEN = 'https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-getaccesstoken'
const SCOPES = 'https://developer.withings.com/developer-guide/v3/data-api/all-available-health-data/'
const RESPONSE = 'https://developer.withings.com/api-reference/#section/Response-status'
const DEVICES = 'https://developer.withings.com/api-reference/#tag/user/operation/userv2-getdevice'

const Device = z.object({
  type: z.string(),
  model: z.string(),
  model_id: z.number(),
  battery: z.optional(z.string()),
  deviceid: z.string(),
  hash_deviceid: z.optional(z.string()),
  timezone: z.optional(z.string()),
  last_session_date: z.optional(z.number()),
  first_session_date: z.optional(z.nullable(z.number())),
})

/**
 * Withings Public API. Every answer, the token endpoint's included, is an envelope
 * `{ status, body }` sent with HTTP 200, `status` 0 on success and an `error` otherwise
 * (`tokenResponse.unwrap`, `errorsWithStatus200`); token requests name their action
 * (`action=requesttoken`). Scopes are comma-separated. The token response names the user
 * (`userid`), which is the profile's id: the API has no profile call.
 */
export default defineProvider({
  id: 'withings',
  displayName: 'Withings',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://account.withings.com/oauth2_user/authorize2',
    token: 'https://wbsapi.withings.net/v2/oauth2',
  },
  scopes: {
    supported: {
      'user.info': { description: 'Your profile information' },
      'user.metrics': { description: 'Your body measures and health metrics' },
      'user.activity': { description: 'Your activity, sleep and workout data' },
      'user.sleepevents': { description: 'Notifications about your sleep events' },
    },
    defaults: ['user.info'],
    requestDelimiter: ',',
    responseDelimiter: ',',
  },
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  tokenRequest: { extraParams: { action: 'requesttoken' } },
  tokenResponse: {
    unwrap: 'body',
    errorsWithStatus200: true,
    extraFields: { userid: 'string' },
  },
  api: {
    baseUrl: 'https://wbsapi.withings.net/v2',
    // The service's one action parameter: the only operation declared here lists devices.
    query: { action: 'getdevice' },
    unwrap: 'body',
    errorShape: { field: 'error', code: 'status', message: 'error' },
    operations: {
      getDevices: {
        method: 'GET',
        path: '/user',
        description: "The user's devices",
        response: z.object({ devices: z.array(Device) }),
      },
    },
  },
  profile: async ({ tokens }) => ({
    id: String(tokens.raw['userid']),
    // The API shares no name, email or picture.
    name: null,
    email: null,
    emailVerified: false,
    avatarUrl: null,
    raw: { userid: tokens.raw['userid'] },
  }),
  docs: {
    'endpoints.authorization': AUTH,
    'endpoints.token': TOKEN,
    scopes: SCOPES,
    clientAuth: TOKEN,
    pkce: AUTH,
    'tokenRequest.extraParams': TOKEN,
    'tokenResponse.unwrap': TOKEN,
    'tokenResponse.errorsWithStatus200': RESPONSE,
    'tokenResponse.extraFields': TOKEN,
    'api.operations.getDevices': DEVICES,
  },
})
