/** What each scope means, in the words the consent page uses. */
const WORDS: Record<string, { title: string; detail: string }> = {
  openid: { title: 'Know who you are', detail: 'An identifier for your account' },
  profile: { title: 'See your profile', detail: 'Your name, username, language and time zone' },
  email: { title: 'See your email address', detail: 'And whether it has been verified' },
  address: { title: 'See your postal address', detail: 'As saved in your account' },
  phone: { title: 'See your phone number', detail: 'And whether it has been verified' },
  offline_access: {
    title: 'Stay connected',
    detail: 'Keep access when you are not using the app, until you sign out of it',
  },
}

/** The scope in words; unknown scopes are shown by name. */
export function describeScope(scope: string): { scope: string; title: string; detail: string } {
  const w = WORDS[scope]
  return { scope, title: w?.title ?? `Use “${scope}”`, detail: w?.detail ?? 'A permission this app defines' }
}
