import { describe, expect, it } from 'vitest'
import { ArgumentError } from '../../runtime/errors.js'
import {
  createMemoryCredentialStore,
  type StoredClient,
} from '../../runtime/oauth2/client-credential-store.js'

const A: StoredClient = {
  issuer: 'https://a.example',
  clientId: 'ca',
  redirectUris: ['https://app/cb'],
  source: 'dynamic',
}

describe('createMemoryCredentialStore', () => {
  it('keeps one client per issuer', async () => {
    const store = createMemoryCredentialStore([A])
    await store.set({ issuer: 'https://b.example', clientId: 'cb', source: 'preregistered' })
    expect(await store.get('https://a.example')).toEqual(A)
    expect((await store.get('https://b.example'))?.clientId).toBe('cb')
    expect(await store.get('https://a.example/')).toBeUndefined()
    await store.delete('https://a.example')
    expect(await store.get('https://a.example')).toBeUndefined()
  })

  it('hands out copies, so a caller cannot change what is stored', async () => {
    const store = createMemoryCredentialStore([A])
    const got = (await store.get(A.issuer))!
    got.clientId = 'changed'
    got.redirectUris?.push('https://evil/cb')
    expect(await store.get(A.issuer)).toEqual(A)
  })

  it('makes a separate store on each call', async () => {
    const one = createMemoryCredentialStore()
    await one.set(A)
    expect(await createMemoryCredentialStore().get(A.issuer)).toBeUndefined()
  })

  it.each([
    ['no issuer', { ...A, issuer: '' }],
    ['no clientId', { ...A, clientId: '' }],
  ])('refuses a client with %s', async (_name, client) => {
    expect(() => createMemoryCredentialStore([client])).toThrow(ArgumentError)
    await expect(createMemoryCredentialStore().set(client)).rejects.toThrow(ArgumentError)
  })
})
