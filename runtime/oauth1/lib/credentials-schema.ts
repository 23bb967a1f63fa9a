import * as z from 'zod/mini'
import { nonEmpty } from '../../oauth2/lib/schema.js'

/**
 * A credentials response (RFC 5849 §2.1, §2.3): a token and its secret, and whatever else the
 * server adds. zod/mini, like the rest of the client side, so bundles stay small.
 */
export const CredentialsSchema = z.looseObject({ oauth_token: nonEmpty(), oauth_token_secret: z.string() })
