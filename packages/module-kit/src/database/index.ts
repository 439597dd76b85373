export { generateDatabase, DATABASE_MODULES } from './generate-database.js';
export { databaseAppSchema, databasePlatformSchema } from './database-schema.js';
export { derivePassword } from './database-password.js';
export {
  connectionPatcher,
  connectionSecret,
  CONNECTION_SENSITIVE_PATHS,
} from './connection-secret.js';
export type { ConnectionValues } from './connection-secret.js';
export {
  DEFAULT_AWS_SIZE_GIB,
  DEFAULT_AZURE_FIREWALL_RULES,
  DEFAULT_AZURE_SKU,
  DEFAULT_LOCAL_SIZE_GIB,
  DEFAULT_SECURITY_IPS,
  DEFAULT_USERNAME,
  PASSWORD_SEED_CONTEXT_KEY,
  secretKey,
} from './database-settings.js';
export { AZURE_SERVER_SENSITIVE_PATHS } from './azure-database.js';
export type {
  AzureDatabaseFlavour,
  AzureFirewallRule,
  AzureServerTier,
  DatabaseAppSettings,
  DatabaseEngine,
  DatabasePlatformSettings,
} from './database-settings.js';
