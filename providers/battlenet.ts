import { claimsProfile } from '../runtime/provider/claims-profile.js'
import { defineProvider } from '../runtime/provider/define-provider.js'

const GUIDE = 'https://community.developer.battle.net/documentation/guides/using-oauth'

/**
 * Battle.net (Blizzard): OpenID Connect by discovery from oauth.battle.net (the Americas,
 * Europe, Korea and Taiwan; China has its own host). The profile is the ID token's claims with
 * UserInfo's: `sub`, `id` and `battletag`; Blizzard gives apps no email address.
 */
export default defineProvider({
  id: 'battlenet',
  displayName: 'Battle.net',
  protocol: 'oidc',
  // Blizzard's guide names the OpenID Connect discovery document; some integrators (Ory) treat
  // Battle.net as plain OAuth 2.0 with /oauth/userinfo. Blizzard's guide is followed.
  issuer: 'https://oauth.battle.net',
  scopes: {
    supported: {
      openid: { description: 'An ID token (OpenID Connect)' },
      'wow.profile': { description: "The user's World of Warcraft characters" },
      'sc2.profile': { description: "The user's StarCraft II profile" },
      'd3.profile': { description: "The user's Diablo III profile" },
    },
    defaults: ['openid'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  // The guide's token request sends the client id and secret with HTTP Basic (curl -u).
  clientAuth: 'client_secret_basic',
  pkce: 'unsupported',
  // Battle.net issues no refresh tokens: a user signs in again when the token expires.
  refresh: 'unsupported',
  // UserInfo (GET https://oauth.battle.net/userinfo) is the profile's source, its sub checked
  // against the ID token's; an API operation at the same URL would skip that check.
  profile: claimsProfile(['battletag', 'battle_tag']),
  docs: {
    issuer: `${GUIDE}/oauth-apis`,
    scopes: `${GUIDE}/authorization-code-flow`,
    clientAuth: `${GUIDE}/authorization-code-flow`,
    pkce: `${GUIDE}/authorization-code-flow`,
    refresh: `${GUIDE}/authorization-code-flow`,
  },
})
