import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

// Request and response fields as documented in the API reference and the official web SDK's types.
const API =
  'https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/api-integration/api-description'
const USER_INFO =
  'https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/work-with-user-info/user-info'
const SCOPES =
  'https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/work-with-user-info/scopes'

const UserInfo = z.object({
  user: z.object({
    user_id: z.union([z.string(), z.number()]),
    first_name: z.optional(z.string()),
    last_name: z.optional(z.string()),
    avatar: z.optional(z.string()),
    email: z.optional(z.string()),
    phone: z.optional(z.string()),
    sex: z.optional(z.number()),
    verified: z.optional(z.boolean()),
    birthday: z.optional(z.string()),
  }),
})

/** VK ID (id.vk.com): OAuth 2.1 with PKCE required and a device id echoed to every token request. */
export default defineProvider({
  id: 'vk',
  displayName: 'VK ID',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://id.vk.com/authorize',
    token: 'https://id.vk.com/oauth2/auth',
    userinfo: 'https://id.vk.com/oauth2/user_info',
  },
  scopes: {
    supported: {
      'vkid.personal_info': { description: 'Name, photo, sex and birthday (always granted)' },
      email: { description: 'Email address' },
      phone: { description: 'Phone number' },
      friends: { description: 'Friends' },
      wall: { description: 'Wall posts' },
      groups: { description: 'Communities' },
      stories: { description: 'Stories' },
      docs: { description: 'Documents' },
      photos: { description: 'Photos' },
      ads: { description: 'Advertising cabinet' },
      video: { description: 'Videos' },
      status: { description: 'Status' },
      market: { description: 'Market' },
      pages: { description: 'Wiki pages' },
      notifications: { description: 'Notifications' },
      stats: { description: 'Community and app statistics' },
    },
    defaults: ['vkid.personal_info', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  clientAuth: 'none',
  pkce: 'required',
  authorizationParams: {
    provider: {
      type: 'enum',
      values: ['mail_ru', 'ok_ru', 'vkid'],
      description: 'Which VK ID sign-in to show',
    },
    scheme: { type: 'enum', values: ['dark', 'light'], description: 'Color scheme of the VK ID pages' },
    lang_id: { type: 'string', description: 'Interface language id (0 ru, 1 uk, 3 en, …)' },
  },
  tokenRequest: { sendState: true },
  tokenResponse: {
    extraFields: { user_id: 'number' },
    echoesState: true,
  },
  callback: { echoParams: ['device_id'] },
  revocation: {
    method: 'POST',
    url: 'https://id.vk.com/oauth2/revoke',
    auth: 'none',
    body: 'form',
    tokenParam: 'access_token',
  },
  api: {
    baseUrl: 'https://id.vk.com',
    auth: { in: 'body', name: 'access_token' },
    errorShape: { field: 'error', code: 'error', message: 'error_description' },
    operations: {
      getUserInfo: {
        method: 'POST',
        path: '/oauth2/user_info',
        description: 'The signed-in user (form POST with client_id and access_token)',
        params: { client_id: { in: 'body', type: 'string', description: 'This app', from: 'clientId' } },
        body: 'form',
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const { user } = await api.getUserInfo()
    const name = [user.first_name, user.last_name].filter(Boolean).join(' ')
    return {
      id: String(user.user_id),
      name: name || null,
      email: user.email ?? null,
      // VK ID does not say whether the address was confirmed.
      emailVerified: false,
      avatarUrl: user.avatar ?? null,
      raw: user,
    }
  },
  docs: {
    endpoints: API,
    scopes: SCOPES,
    clientAuth: API,
    pkce: API,
    authorizationParams: API,
    'tokenRequest.sendState': API,
    'tokenResponse.extraFields': API,
    'tokenResponse.echoesState': API,
    'callback.echoParams': API,
    revocation: API,
    'api.operations.getUserInfo': USER_INFO,
  },
})
