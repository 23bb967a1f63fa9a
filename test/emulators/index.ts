// Entry point for tests that drive generated clients against the emulators.
export {
  APPLE_ISSUER,
  type AppleClient,
  type AppleEmulator,
  type AppleEmulatorOptions,
  type AppleUser,
  startAppleEmulator,
} from './apple.js'
export {
  BUNGIE_WWW,
  type BungieClient,
  type BungieEmulator,
  type BungieUser,
  startBungieEmulator,
} from './bungie.js'
export {
  type DiscordClient,
  type DiscordEmulator,
  type DiscordEmulatorOptions,
  type DiscordGuild,
  type DiscordUser,
  discordAvatarUrl,
  startDiscordEmulator,
} from './discord.js'
export {
  ETSY_API,
  ETSY_OPENAPI,
  ETSY_WWW,
  type EtsyApp,
  type EtsyEmulator,
  type EtsyUser,
  startEtsyEmulator,
} from './etsy.js'
export { FIGMA_API, FIGMA_WWW, type FigmaEmulator, type FigmaUser, startFigmaEmulator } from './figma.js'
export {
  type GithubClient,
  type GithubEmail,
  type GithubEmulator,
  type GithubEmulatorOptions,
  type GithubUser,
  startGithubEmulator,
} from './github.js'
export { GITHUB_USER_AGENT_REQUIRED } from './github-api.js'
export {
  type GoogleClient,
  type GoogleEmulator,
  type GoogleEmulatorOptions,
  type GoogleUser,
  startGoogleEmulator,
} from './google.js'
export { KICK_API, KICK_ID, type KickEmulator, type KickUser, startKickEmulator } from './kick.js'
export { followAuthorize, followFormPost, pkcePair } from './lib/client.js'
export type { FlowClient } from './lib/code-flow.js'
export type { Emulator, LoginControl } from './lib/emulator.js'
export { tamperPayload } from './lib/keys.js'
export type { EmulatorState, IssuedCode, IssuedToken } from './lib/state.js'
export {
  LINE_API,
  LINE_ISSUER,
  type LineClient,
  type LineEmulator,
  type LineUser,
  startLineEmulator,
} from './line.js'
export {
  ENTRA_GRAPH,
  ENTRA_LOGIN,
  type EntraClient,
  type EntraEmulator,
  type EntraUser,
  MSA_TENANT,
  startEntraEmulator,
} from './microsoft-entra-id.js'
export { MAL_API, MAL_WEB, type MalEmulator, type MalUser, startMalEmulator } from './myanimelist.js'
export {
  NOTION_API,
  type NotionClient,
  type NotionEmulator,
  type NotionUser,
  startNotionEmulator,
} from './notion.js'
export {
  STARTGG_API,
  STARTGG_WWW,
  type StartggEmulator,
  type StartggUser,
  startStartggEmulator,
} from './startgg.js'
export {
  startTiktokEmulator,
  TIKTOK_API,
  TIKTOK_WEB,
  type TiktokClient,
  type TiktokEmulator,
  type TiktokUser,
} from './tiktok.js'
export {
  startVkIdEmulator,
  type VkIdClient,
  type VkIdEmulator,
  type VkIdEmulatorOptions,
  type VkIdUser,
} from './vk.js'
export {
  startVkLegacyEmulator,
  type VkClient,
  type VkLegacyEmulator,
  type VkLegacyEmulatorOptions,
  type VkUser,
} from './vk-legacy.js'
export {
  startWithingsEmulator,
  WITHINGS_ACCOUNT,
  WITHINGS_API,
  type WithingsEmulator,
  type WithingsUser,
} from './withings.js'
