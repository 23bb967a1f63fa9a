import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const AUTH = 'https://developers.notion.com/docs/authorization'
const TOKEN = 'https://developers.notion.com/reference/create-a-token'
const REVOKE = 'https://developers.notion.com/reference/revoke-token'
const ME = 'https://developers.notion.com/reference/get-self'

const Person = z.object({
  object: z.literal('user'),
  id: z.string(),
  type: z.optional(z.string()),
  name: z.optional(z.nullable(z.string())),
  avatar_url: z.optional(z.nullable(z.string())),
  person: z.optional(z.object({ email: z.optional(z.string()) })),
})

/** The integration's bot user; its `owner` is the person who authorized it (or the workspace). */
const Bot = z.object({
  object: z.literal('user'),
  id: z.string(),
  type: z.literal('bot'),
  name: z.optional(z.nullable(z.string())),
  avatar_url: z.optional(z.nullable(z.string())),
  bot: z.object({
    owner: z.object({ type: z.string(), user: z.optional(Person), workspace: z.optional(z.boolean()) }),
    workspace_name: z.optional(z.nullable(z.string())),
  }),
})

/**
 * Notion public connections. The token endpoint takes Basic client authentication and a JSON body
 * (`tokenRequest.jsonBody`); there are no scopes, the user picks pages on the consent screen, and
 * `owner=user` is required on the authorization request.
 */
export default defineProvider({
  id: 'notion',
  displayName: 'Notion',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://api.notion.com/v1/oauth/authorize',
    token: 'https://api.notion.com/v1/oauth/token',
  },
  scopes: { supported: {}, defaults: [], requestDelimiter: ' ', responseDelimiter: ' ' },
  clientAuth: 'client_secret_basic',
  pkce: 'unsupported',
  authorizationParams: {
    owner: {
      type: 'enum',
      values: ['user'],
      description: 'Who the connection acts for; Notion requires "user"',
      default: 'user',
    },
  },
  tokenRequest: { jsonBody: true },
  tokenResponse: {
    extraFields: {
      bot_id: 'string',
      workspace_id: 'string',
      workspace_name: 'string',
      workspace_icon: 'string',
      duplicated_template_id: 'string',
    },
  },
  revocation: {
    method: 'POST',
    url: 'https://api.notion.com/v1/oauth/revoke',
    auth: 'client_secret_basic',
    body: 'json',
    tokenParam: 'token',
  },
  api: {
    baseUrl: 'https://api.notion.com/v1',
    headers: { 'Notion-Version': '2022-06-28' },
    operations: {
      getSelf: {
        method: 'GET',
        path: '/users/me',
        description: "The connection's bot user and the person who authorized it",
        response: Bot,
      },
    },
  },
  profile: async ({ api }) => {
    const bot = await api.getSelf()
    const user = bot.bot.owner.user
    return {
      id: user?.id ?? bot.id,
      name: user?.name ?? bot.bot.workspace_name ?? null,
      email: user?.person?.email ?? null,
      // Notion does not say whether the email address was verified.
      emailVerified: false,
      avatarUrl: user?.avatar_url ?? null,
      raw: bot,
    }
  },
  docs: {
    'endpoints.authorization': AUTH,
    'endpoints.token': TOKEN,
    scopes: AUTH,
    clientAuth: TOKEN,
    pkce: AUTH,
    authorizationParams: AUTH,
    'tokenRequest.jsonBody': TOKEN,
    'tokenResponse.extraFields': TOKEN,
    revocation: REVOKE,
    'api.headers': 'https://developers.notion.com/reference/versioning',
    'api.operations.getSelf': ME,
  },
})
