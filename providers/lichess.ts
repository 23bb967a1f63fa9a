import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const API = 'https://lichess.org/api'
const AUTH = `${API}#description/authentication`

// Ratings per game variant; puzzle modes (storm, racer, streak) carry runs and score instead.
const Perf = z.object({
  games: z.optional(z.number()),
  rating: z.optional(z.number()),
  rd: z.optional(z.number()),
  prog: z.optional(z.number()),
  prov: z.optional(z.boolean()),
  runs: z.optional(z.number()),
  score: z.optional(z.number()),
})

const Account = z.object({
  id: z.string(),
  username: z.string(),
  perfs: z.optional(z.record(z.string(), Perf)),
  title: z.optional(z.string()),
  patron: z.optional(z.boolean()),
  createdAt: z.optional(z.number()),
  seenAt: z.optional(z.number()),
  disabled: z.optional(z.boolean()),
  tosViolation: z.optional(z.boolean()),
  profile: z.optional(
    z.object({
      flag: z.optional(z.string()),
      location: z.optional(z.string()),
      bio: z.optional(z.string()),
      realName: z.optional(z.string()),
      fideRating: z.optional(z.number()),
      links: z.optional(z.string()),
    }),
  ),
  url: z.optional(z.string()),
  kid: z.optional(z.boolean()),
})

const Email = z.object({ email: z.string() })

/** Lichess: public clients only (any client_id, no secret), PKCE S256 required, no refresh. */
export default defineProvider({
  id: 'lichess',
  displayName: 'Lichess',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://lichess.org/oauth',
    token: 'https://lichess.org/api/token',
  },
  scopes: {
    supported: {
      'preference:read': { description: 'Read your preferences' },
      'preference:write': { description: 'Write your preferences' },
      'email:read': { description: 'Read your email address' },
      'engine:read': { description: 'Read your external engines' },
      'engine:write': { description: 'Create, update, delete your external engines' },
      'challenge:read': { description: 'Read incoming challenges' },
      'challenge:write': { description: 'Create, accept, decline challenges' },
      'challenge:bulk': { description: 'Create, delete, query bulk pairings' },
      'study:read': { description: 'Read private studies and broadcasts' },
      'study:write': { description: 'Create, update, delete studies and broadcasts' },
      'tournament:write': { description: 'Create tournaments' },
      'racer:write': { description: 'Create and join puzzle races' },
      'puzzle:read': { description: 'Read puzzle activity' },
      'puzzle:write': { description: 'Write puzzle activity' },
      'team:read': { description: 'Read private team information' },
      'team:write': { description: 'Join, leave teams' },
      'team:lead': { description: 'Manage teams (kick members, send PMs)' },
      'follow:read': { description: 'Read followed players' },
      'follow:write': { description: 'Follow and unfollow other players' },
      'msg:write': { description: 'Send private messages to other players' },
      'board:play': { description: 'Play with the Board API' },
      'bot:play': { description: 'Play with the Bot API (bot accounts only)' },
      'web:mod': { description: 'Use moderator tools (within the bounds of your permissions)' },
    },
    defaults: ['email:read'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email:read'],
  },
  // "Lichess supports unregistered and public clients (no client authentication, choose any
  // unique client id). The only accepted code challenge method is S256."
  clientAuth: 'none',
  pkce: 'required',
  authorizationParams: {
    username: { type: 'string', description: 'Hint that the user should log in with this Lichess username' },
  },
  // Revocation is DELETE /api/token with the access token as Bearer, which the spec's
  // revocation (client-authenticated, token in the body) cannot express; tokens live a year.
  api: {
    baseUrl: 'https://lichess.org',
    operations: {
      getMyProfile: {
        method: 'GET',
        path: '/api/account',
        description: 'Public information about the logged in user',
        response: Account,
      },
      getMyEmailAddress: {
        method: 'GET',
        path: '/api/account/email',
        description: 'The email address of the logged in user (email:read)',
        response: Email,
      },
    },
  },
  profile: async ({ api, tokens }) => {
    const account = await api.getMyProfile()
    const email = tokens.scopes.includes('email:read') ? (await api.getMyEmailAddress()).email : null
    return {
      id: account.id,
      name: account.profile?.realName || account.username,
      email,
      // Lichess does not say whether the address was confirmed.
      emailVerified: false,
      // Lichess accounts have no profile picture.
      avatarUrl: null,
      raw: account,
    }
  },
  docs: {
    'endpoints.authorization': `${API}#tag/OAuth/operation/oauth`,
    'endpoints.token': `${API}#tag/OAuth/operation/apiToken`,
    scopes: AUTH,
    clientAuth: AUTH,
    pkce: AUTH,
    authorizationParams: `${API}#tag/OAuth/operation/oauth`,
    'api.operations.getMyProfile': `${API}#tag/Account/operation/accountMe`,
    'api.operations.getMyEmailAddress': `${API}#tag/Account/operation/accountEmail`,
  },
})
