import { defineProvider } from '../runtime/provider/define-provider.js'
import mercadolibre, { mercadoApi } from './mercadolibre.js'

const OAUTH = 'https://www.mercadopago.com/developers/en/docs/security/oauth/creation'

/**
 * Mercado Pago: the same account system and OAuth 2.0 flow as Mercado Libre (PKCE, the secret in
 * the body, refresh tokens with offline_access, scopes set in the application's settings, the same
 * /users/me resource), on Mercado Pago's hosts. Only the hosts and the documentation differ, so the
 * rest is Mercado Libre's spec.
 */
export default defineProvider({
  ...mercadolibre,
  id: 'mercadopago',
  displayName: 'Mercado Pago',
  endpoints: {
    authorization: 'https://auth.mercadopago.com/authorization',
    token: 'https://api.mercadopago.com/oauth/token',
  },
  api: mercadoApi('https://api.mercadopago.com'),
  docs: {
    endpoints: OAUTH,
    scopes: OAUTH,
    clientAuth: OAUTH,
    pkce: OAUTH,
    'api.operations.getMe': 'https://www.mercadopago.com/developers/en/reference',
  },
})
