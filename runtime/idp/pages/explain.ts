/**
 * Human explanations of OAuth 2.0 / OpenID Connect error codes, shown next to the code itself
 * on the error pages of both origins.
 */
const EXPLANATIONS: Record<string, string> = {
  invalid_request:
    'The sign-in request was incomplete or malformed: a parameter is missing, repeated or has a value the server does not accept.',
  unauthorized_client: 'This application is not allowed to sign people in this way.',
  access_denied: 'You (or the server on your behalf) declined to share your account with the application.',
  unsupported_response_type: 'The application asked for a kind of answer this server does not give.',
  invalid_scope: 'The application asked for permissions that do not exist or that it may not have.',
  server_error: 'Something went wrong on the server. Trying again usually helps.',
  temporarily_unavailable: 'The server is busy or down for maintenance. Try again in a moment.',
  invalid_client: 'The application could not prove who it is to the server (wrong client id or secret).',
  invalid_grant:
    'The code or token was expired, already used, revoked, or issued to someone else. Start the sign-in again.',
  unsupported_grant_type: 'The application used a way of getting tokens that the server does not support.',
  login_required: 'You need to sign in, but the application asked the server not to show a sign-in page.',
  consent_required:
    'You need to approve the application, but it asked the server not to show a consent page.',
  interaction_required:
    'The server needs you to do something (sign in or approve), but was asked not to ask.',
  state_mismatch:
    'The answer that came back does not belong to a sign-in this browser started. It may have been tampered with, replayed, or started in another browser. Start again from the home page.',
  missing_transaction:
    'The answer that came back does not belong to a sign-in this browser started: its state matches none of the sign-ins in progress here. It may have been tampered with, replayed, or started in another browser. Start again from the home page.',
  transaction_expired: 'The sign-in took too long and expired. Start again from the home page.',
  provider_mismatch:
    'The answer came back for a different provider than the one the sign-in was started with.',
  missing_state:
    'The answer that came back carried no state, so it cannot be matched to a sign-in. Start again.',
  issuer_mismatch: 'The answer came from a different server than the one the sign-in was sent to.',
  nonce_mismatch: 'The ID token was not issued for this sign-in (its nonce does not match).',
  not_found: 'There is nothing at this address.',
  csrf: 'The form was sent without this page’s security token (or from another site). Reload the page and try again.',
}

/** The human explanation of an error code; a generic sentence for codes we do not know. */
export function explain(error: string): string {
  return (
    EXPLANATIONS[error] ??
    'The sign-in could not be completed. The code above says what went wrong in protocol terms.'
  )
}
