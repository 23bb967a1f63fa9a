import type { GithubEmulator } from '../../emulators/index.js'

/** The `endpointOverrides` that point a `github` client at the GitHub emulator. */
export function githubEmulatorOverrides(gh: Pick<GithubEmulator, 'url' | 'apiUrl'>) {
  return {
    authorization: `${gh.url}/login/oauth/authorize`,
    token: `${gh.url}/login/oauth/access_token`,
    revocation: `${gh.apiUrl}/applications/{client_id}/token`,
    api: gh.apiUrl,
  }
}
