import { createRequire } from 'node:module';
import { defineModule } from '@kusion/sdk';
import type { ModuleSchemas } from '@kusion/sdk';
import {
  databaseAppSchema,
  databasePlatformSchema,
  generateDatabase,
  secretKey,
} from '@kusion/module-kit';
import type { DatabaseEngine } from '@kusion/module-kit';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** What makes PostgreSQL PostgreSQL: image, port, data folder, RDS engine, the server's env, the Azure server. */
export const POSTGRES: DatabaseEngine = {
  module: 'postgres',
  image: 'postgres',
  defaultVersion: '16',
  port: 5432,
  dataPath: '/var/lib/postgresql/data',
  rdsEngine: 'postgres',
  maxDatabaseNameLength: 63,
  localEnvironment: (secretName) => [
    { name: 'POSTGRES_USER', valueFrom: secretKey(secretName, 'username') },
    { name: 'POSTGRES_PASSWORD', valueFrom: secretKey(secretName, 'password') },
    { name: 'POSTGRES_DB', valueFrom: secretKey(secretName, 'database') },
  ],
  azure: {
    namespace: 'Microsoft.DBforPostgreSQL',
    apiVersion: '2022-12-01',
    defaultVersion: '16',
    // The smallest size Azure offers for PostgreSQL flexible servers.
    defaultSizeGiB: 32,
    charset: 'UTF8',
    collation: 'en_US.utf8',
  },
};

export const postgresSchemas: ModuleSchemas = {
  app: databaseAppSchema(POSTGRES),
  platform: databasePlatformSchema(POSTGRES),
};

/** The `postgres` module: `accessories.<name>: { module: postgres }` → a database the workload reaches through `DB_*`. */
const plugin = defineModule({
  name: 'postgres',
  version,
  schemas: postgresSchemas,
  generate: (request) => generateDatabase(POSTGRES, request),
});

export default plugin;
export { postgres } from './builder.js';
export type { PostgresAccessory, PostgresSettings } from './builder.js';
export type { DatabasePlatformSettings as PostgresPlatformSettings } from '@kusion/module-kit';
