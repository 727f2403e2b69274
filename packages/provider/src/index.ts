export { startProvider, type RunningProvider, type StartOptions } from './server.js';
export { loadConfig, completeConfig, ConfigError, type ProviderConfig, type ClientConfig, type SmtpConfig, type PolicyConfig } from './config.js';
export { FileStore, type Database, type ProviderUser, type Store } from './store.js';
export { RedisStore } from './redis-store.js';
export { addUser, removeUser } from './users.js';
export { jsonLogger, silentLogger, type Logger } from './log.js';
