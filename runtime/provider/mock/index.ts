export {
  createMockProvider,
  DEFAULT_MOCK_CONSUMER,
  type MockEndpointOverrides,
  type MockProvider,
  type MockProviderOptions,
} from './create-mock-provider.js'
export { fixtureFor } from './fixture.js'
export type { MockConsumer } from './types.js'
