// Entry point for tests that drive generated clients against the emulators.
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
export { followAuthorize, pkcePair } from './lib/client.js'
export type { Emulator, LoginControl } from './lib/emulator.js'
export type { EmulatorState, IssuedCode, IssuedToken } from './lib/state.js'
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
