export { startServer, startWorker } from './start-server.js';
export type { RunningServer, RunningWorker } from './start-server.js';
export { DEFAULTS as SERVER_DEFAULTS } from './server-options.js';
export type { ServerLog, ServerLogLine, ServerOptions } from './server-options.js';
export { createTokenStore, tokenFile } from './auth/token-store.js';
export type { CreateTokenRequest, TokenStore, TokenSummary } from './auth/token-store.js';
export { ROLES, isRole } from './auth/roles.js';
export type { Principal, Role } from './auth/roles.js';
export type { RunEvent, RunKind, RunRecord, RunStatus } from './runs/run-record.js';
