import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://discord.com/developers/docs/topics/oauth2'

const User = z.object({
  id: z.string(),
  username: z.string(),
  discriminator: z.string(),
  global_name: z.optional(z.nullable(z.string())),
  avatar: z.nullable(z.string()),
  // Present only with the email scope.
  email: z.optional(z.nullable(z.string())),
  verified: z.optional(z.boolean()),
})

const Guild = z.object({
  id: z.string(),
  name: z.string(),
  icon: z.nullable(z.string()),
  owner: z.optional(z.boolean()),
  permissions: z.optional(z.string()),
})

const CDN = 'https://cdn.discordapp.com'

/** Avatar URL per Discord's image formatting rules: animated hashes start with `a_`. */
function avatarUrl(user: z.output<typeof User>): string {
  if (user.avatar)
    return `${CDN}/avatars/${user.id}/${user.avatar}.${user.avatar.startsWith('a_') ? 'gif' : 'png'}`
  // Default avatars: users on the new username system by id, legacy users by discriminator.
  const index =
    user.discriminator === '0' ? Number((BigInt(user.id) >> 22n) % 6n) : Number(user.discriminator) % 5
  return `${CDN}/embed/avatars/${index}.png`
}

/** Discord: OAuth 2.0 with form-only token and revocation endpoints and week-long tokens. */
export default defineProvider({
  id: 'discord',
  displayName: 'Discord',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://discord.com/oauth2/authorize',
    token: 'https://discord.com/api/oauth2/token',
    revocation: 'https://discord.com/api/oauth2/token/revoke',
  },
  scopes: {
    supported: {
      'activities.read': { description: 'Fetch the user\'s "Now Playing/Recently Played" list' },
      'applications.commands': { description: 'Use commands in a guild' },
      bot: { description: "Put a bot in the user's selected guild" },
      connections: { description: 'Third-party accounts linked to the user' },
      email: { description: "The user's email address (with identify: /users/@me returns it)" },
      'gdm.join': { description: 'Join users to a group DM' },
      guilds: { description: "Basic information about the user's guilds" },
      'guilds.join': { description: 'Join users to a guild' },
      'guilds.members.read': { description: "The user's member information in a guild" },
      identify: { description: '/users/@me without email' },
      'messages.read': { description: 'Read messages from channels the user is in (local RPC)' },
      'role_connections.write': { description: "Update the user's connection and metadata for the app" },
      rpc: { description: "Control the user's local Discord client" },
      'webhook.incoming': { description: 'Create a webhook in a channel the user picks' },
    },
    defaults: ['identify', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // Confidential apps send the secret with Basic; a "Public Client" app sends none and uses PKCE.
  clientAuth: ['client_secret_basic', 'none'],
  pkce: 'supported',
  authorizationParams: {
    prompt: {
      type: 'enum',
      values: ['consent', 'none'],
      description: 'none skips the screen if already authorized',
    },
    permissions: { type: 'string', description: 'Bot permissions integer (bot scope)' },
    guild_id: { type: 'string', description: 'Pre-fills the guild picker (bot, webhook.incoming)' },
    disable_guild_select: { type: 'boolean', description: 'Locks the guild picker to guild_id' },
    integration_type: { type: 'enum', values: ['0', '1'], description: '0 guild install, 1 user install' },
  },
  api: {
    baseUrl: 'https://discord.com/api/v10',
    errorShape: { field: 'code', code: 'code', message: 'message' },
    operations: {
      getCurrentUser: {
        method: 'GET',
        path: '/users/@me',
        description: 'The signed-in user',
        response: User,
      },
      listCurrentUserGuilds: {
        method: 'GET',
        path: '/users/@me/guilds',
        description: 'Guilds the user is a member of (guilds scope)',
        params: {
          before: { in: 'query', type: 'string', description: 'Guilds before this id' },
          after: { in: 'query', type: 'string', description: 'Guilds after this id' },
          limit: { in: 'query', type: 'number', description: 'Max guilds (1-200)' },
          with_counts: { in: 'query', type: 'boolean', description: 'Include approximate member counts' },
        },
        response: z.array(Guild),
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getCurrentUser()
    return {
      id: user.id,
      name: user.global_name ?? user.username,
      email: user.email ?? null,
      emailVerified: user.verified === true,
      avatarUrl: avatarUrl(user),
      raw: user,
    }
  },
  docs: {
    endpoints: `${OAUTH}#shared-resources-oauth2-urls`,
    scopes: `${OAUTH}#shared-resources-oauth2-scopes`,
    clientAuth: `${OAUTH}#authorization-code-grant-access-token-exchange-example`,
    'clientAuth.1':
      'https://discord.com/developers/docs/discord-social-sdk/core-concepts/oauth2-scopes#oauth2-client-types',
    pkce: `${OAUTH}#authorization-code-grant`,
    authorizationParams: `${OAUTH}#authorization-code-grant`,
    'api.errorShape': 'https://discord.com/developers/docs/reference#error-messages',
    'api.operations.getCurrentUser': 'https://discord.com/developers/docs/resources/user#get-current-user',
    'api.operations.listCurrentUserGuilds':
      'https://discord.com/developers/docs/resources/user#get-current-user-guilds',
  },
})
