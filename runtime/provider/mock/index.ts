export { createMockProvider, type MockProvider, type MockProviderOptions } from './create-mock-provider.js'
export { fixtureFor } from './fixture.js'
