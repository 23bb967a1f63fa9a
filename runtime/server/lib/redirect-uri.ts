/**
 * Redirect URI matching: exact string comparison (RFC 9700 §4.1.3), except that for a registered
 * http loopback IP literal the port may differ (RFC 8252 §7.3), since native apps bind an
 * ephemeral port.
 */
export function matchRedirectUri(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true
  let req: URL
  try {
    req = new URL(requested)
  } catch {
    return false
  }
  if (req.protocol !== 'http:' || !isLoopbackIp(req.hostname) || req.hash !== '' || requested.includes('#')) {
    return false
  }
  return registered.some((r) => {
    let reg: URL
    try {
      reg = new URL(r)
    } catch {
      return false
    }
    return (
      reg.protocol === 'http:' &&
      isLoopbackIp(reg.hostname) &&
      reg.hostname === req.hostname &&
      reg.pathname === req.pathname &&
      reg.search === req.search &&
      reg.username === req.username &&
      reg.password === req.password
    )
  })
}

function isLoopbackIp(hostname: string): boolean {
  return hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}
