import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const SSO = 'https://kb.synology.com/en-global/DSM/help/SSOServer/sso_server_service?version=7'
const ARCTIC = 'https://arcticjs.dev/providers/synology'

// SSOUserInfo.cgi answers the OpenID Connect claims of the granted scopes.
const UserInfo = z.object({
  sub: z.string(),
  email: z.optional(z.string()),
  groups: z.optional(z.array(z.string())),
})

/**
 * Synology SSO Server on the customer's NAS (`synology({ host: 'nas.example.com:5001', … })`):
 * OAuth 2.0 with PKCE at the SSO Server's CGI endpoints.
 */
export default defineProvider({
  id: 'synology',
  displayName: 'Synology',
  protocol: 'oauth2',
  hosts: {
    host: { description: 'Host (and port) of the SSO Server base URL', example: 'nas.example.com:5001' },
  },
  // Synology documents the endpoints only through the Well-known URL shown in SSO Server;
  // these paths are the ones arctic uses, which that document lists.
  endpoints: {
    authorization: 'https://{host}/webman/sso/SSOOauth.cgi',
    token: 'https://{host}/webman/sso/SSOAccessToken.cgi',
  },
  scopes: {
    supported: {
      openid: { description: 'The user id (sub)' },
      email: { description: "The user's email address" },
      groups: { description: "The user's groups" },
    },
    defaults: ['openid', 'email'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  // Followed arctic (HTTP Basic); the well-known document lists client_secret_basic.
  clientAuth: 'client_secret_basic',
  pkce: 'supported',
  // The token response has an access token and its lifetime, no refresh token.
  refresh: 'unsupported',
  api: {
    baseUrl: 'https://{host}/webman/sso',
    operations: {
      getUserInfo: {
        method: 'GET',
        path: '/SSOUserInfo.cgi',
        description: "The user's claims",
        response: UserInfo,
      },
    },
  },
  profile: async ({ api }) => {
    const user = await api.getUserInfo()
    return {
      id: user.sub,
      name: user.sub,
      email: user.email ?? null,
      // DSM accounts' email addresses are set by an administrator, not verified.
      emailVerified: false,
      avatarUrl: null,
      raw: user,
    }
  },
  docs: {
    hosts: SSO,
    endpoints: ARCTIC,
    scopes: ARCTIC,
    clientAuth: ARCTIC,
    pkce: ARCTIC,
    refresh: ARCTIC,
    'api.operations.getUserInfo': ARCTIC,
  },
})
