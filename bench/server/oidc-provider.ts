/**
 * The oidc-provider 9 child: its default in-memory adapter, the clientCredentials feature on,
 * one confidential client; client_credentials tokens are opaque (no resource indicator).
 */
import Provider from 'oidc-provider'
import { CLIENT_ID, CLIENT_SECRET, ISSUER, SCOPE, serve } from './child.js'

const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: SCOPE,
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
  scopes: [SCOPE],
})
serve(provider.callback())
