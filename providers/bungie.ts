import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const OAUTH = 'https://github.com/Bungie-net/api/wiki/OAuth-Documentation'
const SCHEMES = 'https://bungie-net.github.io/#/components/securitySchemes'

// UserInfoCard (destinyMemberships) and GeneralUser (bungieNetUser), the fields the profile reads;
// int64 ids travel as strings.
const UserInfoCard = z.object({
  membershipType: z.number(),
  membershipId: z.string(),
  displayName: z.string(),
  iconPath: z.optional(z.string()),
})
const GeneralUser = z.object({
  membershipId: z.string(),
  uniqueName: z.optional(z.string()),
  displayName: z.string(),
  profilePicturePath: z.optional(z.string()),
  about: z.optional(z.string()),
})
const UserMembershipData = z.object({
  destinyMemberships: z.array(UserInfoCard),
  primaryMembershipId: z.optional(z.string()),
  bungieNetUser: GeneralUser,
})

/**
 * Bungie.net: OAuth 2.0 for confidential clients (Basic authentication; refresh tokens only for
 * them), no PKCE, and an API that wants the app's API key in `X-API-Key` on every call beside the
 * token (`api.keyHeader`). Answers wrap their data in `Response` with `ErrorCode` and `Message`.
 */
export default defineProvider({
  id: 'bungie',
  displayName: 'Bungie.net',
  protocol: 'oauth2',
  endpoints: {
    authorization: 'https://www.bungie.net/en/OAuth/Authorize',
    token: 'https://www.bungie.net/Platform/App/OAuth/token/',
  },
  scopes: {
    // Scopes are chosen in the application's settings, not per request: none is sent.
    supported: {
      ReadBasicUserProfile: {
        description: "Read basic user profile information such as the user's handle and avatar",
      },
      ReadGroups: { description: 'Read Group/Clan forums, wall and members of groups the user joined' },
      WriteGroups: { description: 'Write Group/Clan forums, wall and members of groups the user joined' },
      AdminGroups: { description: 'Administer groups and clans the user founded or administers' },
      BnetWrite: { description: 'Create new groups, clans and forum posts' },
      MoveEquipDestinyItems: { description: 'Move or equip Destiny items' },
      ReadDestinyInventoryAndVault: {
        description: 'Read Destiny inventory and vault contents, and private Destiny 2 data',
      },
      ReadUserData: { description: "Read user data such as the user's status" },
      EditUserData: { description: 'Edit user data such as preferred language and status' },
      ReadDestinyVendorsAndAdvisors: { description: 'Read Destiny vendors and advisor data' },
      ReadAndApplyTokens: { description: 'Read offer history and claim and apply tokens' },
      AdvancedWriteActions: { description: 'Make advanced write actions' },
      PartnerOfferGrant: { description: 'Grant partner offers' },
      DestinyUnlockValueQuery: { description: 'Query unlock values of Destiny characters' },
      UserPiiRead: { description: 'Read personally identifiable information of the user' },
    },
    defaults: [],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
  },
  clientAuth: 'client_secret_basic',
  pkce: 'unsupported',
  api: {
    baseUrl: 'https://www.bungie.net/Platform',
    keyHeader: {
      name: 'X-API-Key',
      option: 'apiKey',
      description: "The application's API key from bungie.net/en/Application",
    },
    unwrap: 'Response',
    operations: {
      getMembershipsForCurrentUser: {
        method: 'GET',
        path: '/User/GetMembershipsForCurrentUser/',
        description: 'The Bungie.net user and Destiny memberships of the token',
        response: UserMembershipData,
      },
    },
  },
  profile: async ({ api }) => {
    const data = await api.getMembershipsForCurrentUser()
    const user = data.bungieNetUser
    return {
      id: user.membershipId,
      name: user.uniqueName ?? user.displayName,
      // The API gives no email address.
      email: null,
      emailVerified: false,
      avatarUrl: user.profilePicturePath ? `https://www.bungie.net${user.profilePicturePath}` : null,
      raw: data,
    }
  },
  docs: {
    endpoints: SCHEMES,
    scopes: SCHEMES,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.keyHeader': SCHEMES,
    'api.operations.getMembershipsForCurrentUser':
      'https://bungie-net.github.io/#User.GetMembershipsForCurrentUser',
  },
})
