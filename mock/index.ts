export { approve, approvedParams } from './approve.js'
export {
  createMockProvider,
  DEFAULT_MOCK_CONSUMER,
  type MockEndpointOverrides,
  type MockProvider,
  type MockProviderOptions,
} from './create-mock-provider.js'
export { fixtureFor } from './fixture.js'
export { DEFAULT_MOCK_CLIENT_SECRET } from './oauth2-mock.js'
export type { MockConsumer } from './types.js'
