/**
 * The issuer an ID token must carry under a spec's `idToken.issuerTemplate`: each `{claim}` filled
 * with that claim of the token (Microsoft Entra's `{tid}`, the user's tenant). The payload is read
 * before the signature is checked only to choose the issuer; `validateIdToken` then verifies the
 * signature and requires `iss` to equal the result, so a signed token passes only its own
 * tenant's issuer. A claim that is missing or not a plain identifier leaves its placeholder, which
 * no `iss` equals.
 *
 * @example
 * issuerFromTemplate('https://login.microsoftonline.com/{tid}/v2.0', idToken)
 * // 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0'
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
 */
export function issuerFromTemplate(template: string, idToken: string): string {
  const claims = unverifiedPayload(idToken)
  return fillIssuerTemplate(template, (name) => {
    const value = claims[name]
    return typeof value === 'string' && /^[A-Za-z0-9-]+$/.test(value) ? value : undefined
  })
}

/**
 * Each `{claim}` placeholder of an issuer template replaced with `claimValue(claim)`, or kept where
 * that is undefined: the one reading of the template syntax, the mock's included.
 */
export function fillIssuerTemplate(
  template: string,
  claimValue: (claim: string) => string | undefined,
): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => claimValue(name) ?? whole)
}

function unverifiedPayload(jwt: string): Record<string, unknown> {
  try {
    const part = jwt.split('.')[1] ?? ''
    const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
