import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const AUTH = 'https://developers.strava.com/docs/authentication'

const Athlete = z.object({
  id: z.number(),
  username: z.optional(z.nullable(z.string())),
  firstname: z.optional(z.nullable(z.string())),
  lastname: z.optional(z.nullable(z.string())),
  profile: z.optional(z.nullable(z.string())),
  profile_medium: z.optional(z.nullable(z.string())),
  city: z.optional(z.nullable(z.string())),
  country: z.optional(z.nullable(z.string())),
})

/** Strava API v3: comma-separated scopes, six-hour access tokens, deauthorization. */
export default defineProvider({
  id: 'strava',
  displayName: 'Strava',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.strava.com/oauth/authorize',
    token: 'https://www.strava.com/oauth/token',
  },
  scopes: {
    supported: {
      read: {
        description: 'Public segments, routes, profile data, posts, events, club feeds and leaderboards',
      },
      read_all: { description: 'Private routes, segments and events' },
      'profile:read_all': { description: 'All profile information, even if the profile is private' },
      'profile:write': { description: "Update the athlete's weight and FTP, star or unstar segments" },
      'activity:read': { description: 'Activities visible to Everyone and Followers' },
      'activity:read_all': { description: 'All activities, including Only You and privacy-zone data' },
      'activity:write': { description: 'Create manual activities and uploads, edit activities' },
    },
    defaults: ['read'],
    // "scope: Requested scopes, as a comma delimited string"; the callback's granted scope is too.
    requestDelimiter: ',',
    responseDelimiter: ',',
  },
  // client_id and client_secret are form fields of the token request; no PKCE is documented.
  clientAuth: 'client_secret_post',
  pkce: 'unsupported',
  authorizationParams: {
    approval_prompt: {
      type: 'enum',
      values: ['force', 'auto'],
      description: 'force always shows the authorization prompt',
    },
  },
  // The code exchange also returns the summary `athlete` (an object, in tokens.raw).
  tokenResponse: { extraFields: { expires_at: 'number' } },
  // Deauthorization revokes every token the athlete granted the app.
  revocation: {
    method: 'POST',
    url: 'https://www.strava.com/oauth/deauthorize',
    auth: 'none',
    body: 'form',
    tokenParam: 'access_token',
  },
  api: {
    baseUrl: 'https://www.strava.com/api/v3',
    operations: {
      getLoggedInAthlete: {
        method: 'GET',
        path: '/athlete',
        description: 'The signed-in athlete (profile:read_all for private fields)',
        response: Athlete,
      },
    },
  },
  profile: async ({ api }) => {
    const athlete = await api.getLoggedInAthlete()
    const name = [athlete.firstname, athlete.lastname].filter(Boolean).join(' ')
    return {
      id: String(athlete.id),
      name: name || athlete.username || null,
      // Strava gives apps no email address.
      email: null,
      emailVerified: false,
      avatarUrl: athlete.profile ?? null,
      raw: athlete,
    }
  },
  docs: {
    endpoints: `${AUTH}/#details-about-requesting-access`,
    scopes: `${AUTH}/#details-about-requesting-access`,
    clientAuth: `${AUTH}/#token-exchange`,
    pkce: `${AUTH}/`,
    authorizationParams: `${AUTH}/#details-about-requesting-access`,
    'tokenResponse.extraFields': `${AUTH}/#token-exchange`,
    revocation: `${AUTH}/#deauthorization`,
    'api.operations.getLoggedInAthlete':
      'https://developers.strava.com/docs/reference/#api-Athletes-getLoggedInAthlete',
  },
})
