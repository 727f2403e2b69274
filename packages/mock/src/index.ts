export { handlers } from './handlers.js';
export { createProvider, defaultIssuer, mockChannelName, type MockOptions, type MockProvider } from './provider.js';
export { defaultConfig, defaultClients, type MockConfig, type MockClient } from './config.js';
export { memoryStore, emptyState, type MockStore, type MockState, type InboxMessage, type User } from './state.js';
export type { MockEvent } from './context.js';
export { dialects, type Dialect } from './dialects/index.js';
