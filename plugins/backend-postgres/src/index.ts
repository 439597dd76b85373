export {
  postgresBackendPlugin as default,
  postgresBackendPlugin,
  postgresBackendRegistration,
} from './plugin.js';
export {
  createPostgresBackend,
  openPostgresBackend,
  POSTGRES_BACKEND_NAME,
} from './postgres-backend.js';
export { parsePostgresSettings } from './settings.js';
export type { PostgresBackendSettings } from './settings.js';
