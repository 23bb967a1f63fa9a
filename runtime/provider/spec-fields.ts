/**
 * Who acts on each field of the provider spec language: one owner in the client, one in the mock
 * provider. `validate` refuses a spec field that has no entry here, a test holds this table to the
 * zod schema (every field listed, nothing else) and to the quirk tables that implement the token
 * fields, and `scripts/quirks-table.ts` renders the quirk entries as docs/provider-quirks.md.
 * Only the generator, the CLI's `validate` and the docs script import this file, so its strings
 * never reach a client bundle.
 */

/**
 * Where a field is acted on: the module that reads it (a path in this tree), `docs` when it is
 * documentation only (descriptions, links), or `n/a: why` when this side has nothing to do with it
 * (the mock serves every endpoint at its own origin, so the spec's URLs are not its concern).
 */
export type FieldOwner =
  | `runtime/${string}.ts`
  | `mock/${string}.ts`
  | `generator/${string}.ts`
  | 'docs'
  | `n/a: ${string}`

/** One field of the spec language. */
export interface SpecField {
  /** What the field does, in one sentence. */
  doc: string
  client: FieldOwner
  mock: FieldOwner
  /** A provider oddity: listed in docs/provider-quirks.md with the built-in specs that set it. */
  quirk?: true
  /** For a quirk every spec sets: the standard value, which does not count as using the quirk. */
  standard?: string
}

const LOGIN = 'runtime/provider/lib/login-methods.ts'
const ENDPOINTS = 'runtime/provider/lib/resolve-endpoints.ts'
const TOKEN = 'runtime/provider/lib/token-quirks.ts'
const MOCK_TOKEN = 'mock/token-quirks.ts'
const CHECKS = 'runtime/provider/lib/client-checks.ts'
const REVOKE = 'runtime/provider/lib/revoke-custom.ts'
const API = 'runtime/provider/lib/call-api.ts'
const MOCK_API = 'mock/api-operations.ts'
const MOCK = 'mock/oauth2-mock.ts'
const MOCK_AUTHORIZE = 'mock/oauth2-authorize.ts'
const OAUTH1 = 'runtime/provider/oauth1/create-oauth1-provider-client.ts'
const TYPES = 'generator/model.ts'
const TOKENS = 'runtime/provider/lib/provider-tokens.ts'
const MOCK_STATE = 'mock/oauth2-state.ts'
const SIGNED = 'runtime/provider/lib/signed-client-secret.ts'
const MOCK_SIGNED = 'mock/signed-client-secret.ts'
const OWN_ENDPOINTS = 'n/a: the mock serves every endpoint at its own origin'
const CLIENT_CHOICE = 'n/a: the mock accepts what the client sends'

/**
 * Every field, keyed by dotted path; `*` stands for a key the spec chooses (a scope, a parameter,
 * an operation). Fields the OAuth 1.0a client also reads (`id`, `api`, `profile`) name the
 * OAuth 2.0 client, which every other protocol shares.
 */
export const SPEC_FIELDS = {
  id: {
    doc: 'Names the provider in tokens and sessions.',
    client: LOGIN,
    mock: 'n/a: a mock serves one provider',
  },
  displayName: {
    doc: 'Names the provider in error messages.',
    client: LOGIN,
    mock: 'n/a: a mock serves one provider',
  },
  protocol: {
    doc: 'OAuth 2.0, OpenID Connect or OAuth 1.0a.',
    client: 'runtime/provider/lib/needed-support.ts',
    mock: 'mock/create-mock-provider.ts',
  },
  'hosts.*.description': { doc: 'What a customer-dependent host is.', client: 'docs', mock: 'docs' },
  'hosts.*.example': {
    doc: "A sample host: the generated option's example, and the host `authspec mock` answers as.",
    client: TYPES,
    mock: 'mock/create-mock-provider.ts',
  },
  'hosts.*.default': {
    doc: 'The host when the option is left out; without one the typed option is required.',
    client: 'runtime/provider/lib/bind-hosts.ts',
    mock: 'n/a: the mock answers as the example host',
  },
  issuer: { doc: 'Issuer to discover endpoints from.', client: ENDPOINTS, mock: MOCK },
  issuerAtRuntime: {
    doc: 'The caller gives the issuer at run time.',
    client: ENDPOINTS,
    mock: 'n/a: the mock is its own issuer',
  },
  'endpoints.authorization': { doc: 'Authorization endpoint.', client: ENDPOINTS, mock: OWN_ENDPOINTS },
  'endpoints.token': { doc: 'Token endpoint.', client: ENDPOINTS, mock: OWN_ENDPOINTS },
  'endpoints.refresh': {
    doc: 'Refresh requests go here instead of the token endpoint (Figma `/v1/oauth/refresh`).',
    client: ENDPOINTS,
    mock: 'mock/oauth2-token.ts',
    quirk: true,
  },
  'endpoints.revocation': { doc: 'RFC 7009 revocation endpoint.', client: ENDPOINTS, mock: OWN_ENDPOINTS },
  'endpoints.userinfo': { doc: 'UserInfo endpoint.', client: ENDPOINTS, mock: OWN_ENDPOINTS },
  'endpoints.jwks': { doc: 'JWKS of ID token keys.', client: ENDPOINTS, mock: OWN_ENDPOINTS },
  // Provider clients offer no device flow or introspection; the URLs document where they are
  // for runtime/oauth2's deviceAuthorization and introspect, which take an endpoint argument.
  'endpoints.device': { doc: 'Device authorization endpoint (documentation).', client: 'docs', mock: 'docs' },
  'endpoints.introspection': { doc: 'Introspection endpoint (documentation).', client: 'docs', mock: 'docs' },
  'scopes.supported.*.description': { doc: 'What a scope grants.', client: 'docs', mock: 'docs' },
  'scopes.defaults': {
    doc: 'Scopes requested when the caller names none.',
    client: LOGIN,
    mock: CLIENT_CHOICE,
  },
  'scopes.requestDelimiter': {
    doc: 'Separator of scopes in the authorization request.',
    client: LOGIN,
    mock: MOCK_AUTHORIZE,
    quirk: true,
    standard: ' ',
  },
  'scopes.responseDelimiter': {
    doc: 'Separator of the granted `scope` in token responses.',
    client: TOKENS,
    mock: 'mock/oauth2-token.ts',
    quirk: true,
    standard: ' ',
  },
  'scopes.emailScopes': {
    doc: 'Scopes that put `email` into the profile type.',
    client: TYPES,
    mock: 'n/a: the mock user always has an email',
  },
  'scopes.profileRequires': {
    doc: 'Scopes of which `profile()` needs one: without any, `profile` does not compile and refuses. A `claimsProfile` mapping needs `openid` without it.',
    client: 'runtime/provider/claims-profile.ts',
    mock: 'n/a: the mock answers the profile calls for any scopes',
  },
  'scopes.allowUnlisted': {
    doc: 'Scopes not in `supported` are accepted (a generic OpenID Connect issuer).',
    client: CHECKS,
    mock: CLIENT_CHOICE,
    quirk: true,
  },
  clientAuth: {
    doc: 'Client authentication at the token endpoint: one method, or the documented ones; with `none` listed a client without `clientSecret` is public (PKCE, no secret), else the factory requires `clientSecret`.',
    client: 'runtime/provider/lib/client-context.ts',
    mock: MOCK,
  },
  'signedClientSecret.alg': {
    doc: 'The client secret is a JWT the client signs per request with this algorithm (Sign in with Apple); the factory takes `teamId`, `keyId` and `privateKey`.',
    client: SIGNED,
    mock: MOCK_SIGNED,
    quirk: true,
  },
  'signedClientSecret.audience': {
    doc: '`aud` of the signed client secret.',
    client: SIGNED,
    mock: MOCK_SIGNED,
    quirk: true,
  },
  'signedClientSecret.lifetime': {
    doc: 'Seconds a signed client secret is valid.',
    client: SIGNED,
    mock: MOCK_SIGNED,
    quirk: true,
  },
  refresh: {
    doc: 'The provider issues no refresh tokens (`unsupported`): the client type has no `refresh()` and the client refuses to refresh.',
    client: 'runtime/provider/lib/lacking-methods.ts',
    mock: 'mock/oauth2-token.ts',
    quirk: true,
  },
  clientIdParam: {
    doc: 'Name of the client id parameter in every request (TikTok `client_key`).',
    client: 'runtime/provider/lib/client-id-param.ts',
    mock: MOCK_STATE,
    quirk: true,
  },
  pkce: { doc: 'PKCE unsupported, supported or required.', client: LOGIN, mock: MOCK_AUTHORIZE },
  pkceMethod: {
    doc: 'PKCE method: `plain` only where the provider supports nothing else (MyAnimeList).',
    client: LOGIN,
    mock: MOCK_AUTHORIZE,
    quirk: true,
    standard: 'S256',
  },
  'authorizationParams.*.type': {
    doc: 'Type of an extra authorization parameter.',
    client: CHECKS,
    mock: MOCK_AUTHORIZE,
  },
  'authorizationParams.*.description': { doc: 'What the parameter does.', client: 'docs', mock: 'docs' },
  'authorizationParams.*.values': {
    doc: 'Allowed values of an enum parameter.',
    client: CHECKS,
    mock: CLIENT_CHOICE,
  },
  'authorizationParams.*.default': {
    doc: 'A parameter the provider requires: this value is sent when the caller gives none (Reddit `duration`).',
    client: CHECKS,
    mock: MOCK_AUTHORIZE,
    quirk: true,
  },
  'authorizationParams.*.checkClaim': {
    doc: 'An ID token claim that must confirm the parameter (Google `hd`).',
    client: 'runtime/provider/lib/claim-checks.ts',
    mock: MOCK_AUTHORIZE,
    quirk: true,
  },
  'tokenRequest.acceptJson': {
    doc: 'Token requests send `Accept: application/json`; the provider answers form-encoded otherwise.',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenRequest.sendState': {
    doc: 'Token requests carry `state` (the callback’s; a fresh one on refresh).',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenRequest.sendScope': {
    doc: 'Token requests carry the requested `scope` again, on code exchange and refresh (start.gg).',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenRequest.jsonBody': {
    doc: 'Token requests send a JSON body, client authentication in the header (Notion).',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenRequest.extraParams.*': {
    doc: 'Fixed members every token request carries (Withings `action=requesttoken`).',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenResponse.unwrap': {
    doc: 'Member wrapping the tokens in the token response (Withings `body`).',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenResponse.errorsWithStatus200': {
    doc: 'OAuth errors arrive with HTTP 200 and are reported as the provider’s error; otherwise such an answer is an invalid response.',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenResponse.formEncoded': {
    doc: 'Token responses may be `application/x-www-form-urlencoded`.',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenResponse.defaultTokenType': {
    doc: '`token_type` is omitted by the provider; this value is assumed.',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenResponse.extraFields.*': {
    doc: 'Provider-specific token response members, typed, in `tokens.fields`.',
    client: 'runtime/provider/lib/token-fields.ts',
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenResponse.expiresIn.zeroMeansNever': {
    doc: '`expires_in: 0` means the token never expires.',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenResponse.expiresIn.asString': {
    doc: 'JSON responses may write `expires_in` as a string of digits.',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'tokenResponse.echoesState': {
    doc: 'Token responses repeat the request’s `state`; a different one is refused.',
    client: TOKEN,
    mock: MOCK_TOKEN,
    quirk: true,
  },
  'callback.echoParams': {
    doc: 'Callback parameters every token request must carry back (VK ID `device_id`).',
    client: LOGIN,
    mock: MOCK_AUTHORIZE,
    quirk: true,
  },
  'callback.issuer.value': {
    doc: 'RFC 9207 `iss` of authorization responses without discovery.',
    client: ENDPOINTS,
    mock: MOCK_AUTHORIZE,
    quirk: true,
  },
  'callback.issuer.required': {
    doc: 'A callback without `iss` is refused.',
    client: LOGIN,
    mock: 'n/a: the mock always sends iss when the spec has one',
    quirk: true,
  },
  'callback.responseMode': {
    doc: 'The authorization response is POSTed to the redirect URI (`response_mode=form_post`).',
    client: LOGIN,
    mock: MOCK_AUTHORIZE,
    quirk: true,
  },
  'callback.data.*': {
    doc: 'A callback parameter carrying JSON (Apple’s first-login `user`), checked and typed in `tokens.fields`.',
    client: LOGIN,
    mock: MOCK_AUTHORIZE,
    quirk: true,
  },
  'idToken.algorithms': {
    doc: 'Explicit allow-list of ID token algorithms; HS* verifies with the client secret (LINE).',
    client: TOKENS,
    mock: MOCK_STATE,
    quirk: true,
  },
  'idToken.issuerTemplate': {
    doc: 'Issuer whose `{claim}` placeholders the ID token fills (Microsoft Entra `{tid}`).',
    client: TOKENS,
    mock: MOCK_STATE,
    quirk: true,
  },
  'revocation.method': {
    doc: 'HTTP method of a non-RFC 7009 revocation.',
    client: REVOKE,
    mock: MOCK,
    quirk: true,
  },
  'revocation.url': {
    doc: 'Revocation URL; `{client_id}` is replaced.',
    client: LOGIN,
    mock: OWN_ENDPOINTS,
    quirk: true,
  },
  'revocation.auth': {
    doc: 'Client authentication of the revocation request.',
    client: REVOKE,
    mock: CLIENT_CHOICE,
    quirk: true,
  },
  'revocation.body': {
    doc: 'Revocation parameters as a form or JSON body, or in the query string.',
    client: REVOKE,
    mock: CLIENT_CHOICE,
    quirk: true,
  },
  'revocation.tokenParam': {
    doc: 'Body member carrying the token.',
    client: REVOKE,
    mock: MOCK,
    quirk: true,
  },
  'revocation.sendClientId': {
    doc: 'The revocation body carries `client_id`.',
    client: REVOKE,
    mock: CLIENT_CHOICE,
    quirk: true,
  },
  'revocation.sendTokenTypeHint': {
    doc: 'The revocation body carries `token_type_hint`.',
    client: REVOKE,
    mock: CLIENT_CHOICE,
    quirk: true,
  },
  'api.baseUrl': { doc: 'Origin and path prefix of API operations.', client: API, mock: OWN_ENDPOINTS },
  'api.headers.*': {
    doc: 'Headers every API call needs (`User-Agent`, a version).',
    client: API,
    mock: MOCK_API,
    quirk: true,
  },
  'api.query.*': {
    doc: 'Query parameters every API call needs (VK `v`).',
    client: API,
    mock: MOCK_API,
    quirk: true,
  },
  'api.clientIdHeader': {
    doc: 'Header carrying the client id on every API call (Twitch `Client-Id`).',
    client: API,
    mock: MOCK_API,
    quirk: true,
  },
  'api.keyHeader.name': {
    doc: 'Header carrying a key from the client config on every API call (Bungie `X-API-Key`).',
    client: API,
    mock: MOCK_API,
    quirk: true,
  },
  'api.keyHeader.option': {
    doc: 'The factory option holding that key, required by the generated config type (`apiKey`).',
    client: API,
    mock: MOCK_API,
    quirk: true,
  },
  'api.keyHeader.description': { doc: 'What the key is and where to find it.', client: 'docs', mock: 'docs' },
  'api.auth.in': {
    doc: 'Where the access token travels on API calls.',
    client: API,
    mock: MOCK,
    quirk: true,
  },
  'api.auth.name': {
    doc: 'Parameter carrying the access token on API calls.',
    client: API,
    mock: MOCK,
    quirk: true,
  },
  'api.unwrap': {
    doc: 'Member wrapping every API success body (VK `response`).',
    client: API,
    mock: MOCK_API,
    quirk: true,
  },
  'api.errorShape.field': {
    doc: 'Member present only in API error bodies, at any status.',
    client: API,
    mock: MOCK_API,
    quirk: true,
  },
  'api.errorShape.code': { doc: 'Dot path of an API error code.', client: API, mock: MOCK_API, quirk: true },
  'api.errorShape.message': {
    doc: 'Dot path of an API error message.',
    client: API,
    mock: MOCK_API,
    quirk: true,
  },
  'api.operations.*.method': { doc: 'HTTP method of an operation.', client: API, mock: MOCK_API },
  'api.operations.*.path': { doc: 'Path of an operation under `api.baseUrl`.', client: API, mock: MOCK_API },
  'api.operations.*.description': { doc: 'What the operation does.', client: 'docs', mock: 'docs' },
  'api.operations.*.params.*.in': { doc: 'Where a parameter travels.', client: API, mock: CLIENT_CHOICE },
  'api.operations.*.params.*.type': {
    doc: 'Type of a parameter in the generated method.',
    client: TYPES,
    mock: CLIENT_CHOICE,
  },
  'api.operations.*.params.*.description': { doc: 'What the parameter means.', client: 'docs', mock: 'docs' },
  'api.operations.*.params.*.required': {
    doc: 'The caller must give the parameter.',
    client: API,
    mock: CLIENT_CHOICE,
  },
  'api.operations.*.params.*.from': {
    doc: 'Filled by the client (client id, access token).',
    client: API,
    mock: CLIENT_CHOICE,
  },
  'api.operations.*.body': { doc: 'Body encoding of an operation.', client: API, mock: CLIENT_CHOICE },
  'api.operations.*.response': { doc: 'zod schema of the operation’s answer.', client: API, mock: MOCK_API },
  'oauth1.endpoints.temporaryCredentials': {
    doc: 'RFC 5849 temporary credentials endpoint.',
    client: OAUTH1,
    mock: OWN_ENDPOINTS,
  },
  'oauth1.endpoints.authorization': {
    doc: 'RFC 5849 resource owner authorization endpoint.',
    client: OAUTH1,
    mock: OWN_ENDPOINTS,
  },
  'oauth1.endpoints.tokenCredentials': {
    doc: 'RFC 5849 token credentials endpoint.',
    client: OAUTH1,
    mock: OWN_ENDPOINTS,
  },
  'oauth1.signatureMethod': {
    doc: 'OAuth 1.0a signature method.',
    client: OAUTH1,
    mock: 'mock/oauth1-mock.ts',
  },
  'oauth1.placement': {
    doc: 'Where the `oauth_*` parameters travel.',
    client: OAUTH1,
    mock: 'n/a: the mock reads them wherever they travel',
  },
  'oauth1.credentialsMethod': {
    doc: 'HTTP method of the credential requests.',
    client: OAUTH1,
    mock: CLIENT_CHOICE,
  },
  profile: {
    doc: 'Maps what the provider returns to the normalized profile.',
    client: 'runtime/provider/lib/profile-and-api.ts',
    mock: 'n/a: the mock serves the data the mapping reads',
  },
  'docs.*': { doc: 'A documentation link per fact.', client: 'docs', mock: 'docs' },
} as const satisfies Readonly<Record<string, SpecField>>

/** A field path of the spec language. */
export type SpecFieldPath = keyof typeof SPEC_FIELDS
