import * as z from 'zod/mini'
import { defineProvider } from '../runtime/provider/define-provider.js'

const LEARN = 'https://learn.microsoft.com/en-us/entra/identity-platform'
const CODE_FLOW = `${LEARN}/v2-oauth2-auth-code-flow`
const OIDC = `${LEARN}/v2-protocols-oidc`

// Graph answers null for properties the user's directory does not fill.
const User = z.object({
  id: z.string(),
  displayName: z.nullable(z.string()),
  givenName: z.optional(z.nullable(z.string())),
  surname: z.optional(z.nullable(z.string())),
  mail: z.nullable(z.string()),
  userPrincipalName: z.string(),
  jobTitle: z.optional(z.nullable(z.string())),
  mobilePhone: z.optional(z.nullable(z.string())),
  officeLocation: z.optional(z.nullable(z.string())),
  preferredLanguage: z.optional(z.nullable(z.string())),
  businessPhones: z.optional(z.array(z.string())),
})

/**
 * Microsoft Entra ID (the identity platform v2.0 endpoints). The tenant is a host parameter
 * (`common` by default: any work, school or personal account). A multi-tenant sign-in's ID tokens
 * come from the user's own tenant, so the issuer is a template that the token's `tid` claim fills
 * (`idToken.issuerTemplate`), checked after the signature; the endpoints are listed rather than
 * discovered because the `common` discovery document names that template as its issuer. An app
 * that admits only some tenants checks `tokens.claims.tid` itself, as Microsoft advises for
 * multi-tenant apps.
 */
export default defineProvider({
  id: 'microsoft-entra-id',
  displayName: 'Microsoft Entra ID',
  protocol: 'oidc',
  hosts: {
    tenant: {
      description:
        'Your tenant id or domain, or "organizations" (work and school accounts), "consumers" or "common"',
      example: 'contoso.onmicrosoft.com',
      default: 'common',
    },
  },
  endpoints: {
    authorization: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
    token: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
    jwks: 'https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys',
    userinfo: 'https://graph.microsoft.com/oidc/userinfo',
  },
  scopes: {
    supported: {
      openid: { description: 'Sign in (an ID token)' },
      profile: { description: 'Your name and preferred username in the ID token' },
      email: { description: 'Your email address in the ID token' },
      offline_access: { description: 'A refresh token, to keep access while you are away' },
      'User.Read': { description: 'Sign you in and read your Microsoft Graph profile' },
    },
    defaults: ['openid', 'profile', 'email', 'offline_access', 'User.Read'],
    requestDelimiter: ' ',
    responseDelimiter: ' ',
    emailScopes: ['email'],
  },
  clientAuth: 'client_secret_post',
  pkce: 'supported',
  authorizationParams: {
    prompt: {
      type: 'enum',
      values: ['login', 'none', 'consent', 'select_account'],
      description: 'The interaction the user must go through',
    },
    domain_hint: {
      type: 'string',
      description: "The realm of the user's account, to skip home realm discovery",
    },
  },
  idToken: { issuerTemplate: 'https://login.microsoftonline.com/{tid}/v2.0' },
  api: {
    baseUrl: 'https://graph.microsoft.com/v1.0',
    operations: {
      getMe: {
        method: 'GET',
        path: '/me',
        description: 'The signed-in user (Microsoft Graph)',
        response: User,
      },
    },
  },
  profile: async ({ api, claims }) => {
    const me = await api.getMe()
    const email = claims?.['email']
    return {
      id: me.id,
      name: me.displayName,
      email: typeof email === 'string' ? email : me.mail,
      // Microsoft: the email claim is not verified and must not be used for authorization.
      emailVerified: false,
      // Graph serves the photo as binary (/me/photo/$value), not as a URL.
      avatarUrl: null,
      raw: me,
    }
  },
  docs: {
    hosts: `${OIDC}#find-your-apps-openid-configuration-document-uri`,
    'endpoints.authorization': `${CODE_FLOW}#request-an-authorization-code`,
    'endpoints.token': `${CODE_FLOW}#redeem-a-code-for-an-access-token`,
    'endpoints.jwks': `${OIDC}#sample-response`,
    'endpoints.userinfo': `${LEARN}/userinfo`,
    scopes: `${LEARN}/scopes-oidc`,
    clientAuth: `${CODE_FLOW}#redeem-a-code-for-an-access-token`,
    pkce: `${CODE_FLOW}#request-an-authorization-code`,
    authorizationParams: `${CODE_FLOW}#request-an-authorization-code`,
    'idToken.issuerTemplate': `${LEARN}/id-token-claims-reference#payload-claims`,
    'api.operations.getMe': 'https://learn.microsoft.com/en-us/graph/api/user-get',
  },
})
