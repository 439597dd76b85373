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

/** What makes MySQL MySQL: image, port, data folder, RDS engine, the server's env, the Azure server. */
export const MYSQL: DatabaseEngine = {
  module: 'mysql',
  image: 'mysql',
  defaultVersion: '8.4',
  port: 3306,
  dataPath: '/var/lib/mysql',
  rdsEngine: 'mysql',
  maxDatabaseNameLength: 64,
  localEnvironment: (secretName) => [
    { name: 'MYSQL_USER', valueFrom: secretKey(secretName, 'username') },
    { name: 'MYSQL_PASSWORD', valueFrom: secretKey(secretName, 'password') },
    { name: 'MYSQL_DATABASE', valueFrom: secretKey(secretName, 'database') },
    // The app's user is all the app needs; nobody learns a root password that is never used.
    { name: 'MYSQL_RANDOM_ROOT_PASSWORD', value: 'yes' },
  ],
  azure: {
    namespace: 'Microsoft.DBforMySQL',
    apiVersion: '2023-12-30',
    defaultVersion: '8.0.21',
    // The smallest size Azure offers for MySQL flexible servers.
    defaultSizeGiB: 20,
    charset: 'utf8mb4',
    collation: 'utf8mb4_0900_ai_ci',
  },
};

export const mysqlSchemas: ModuleSchemas = {
  app: databaseAppSchema(MYSQL),
  platform: databasePlatformSchema(MYSQL),
};

/** The `mysql` module: `accessories.<name>: { module: mysql }` → a database the workload reaches through `DB_*`. */
const plugin = defineModule({
  name: 'mysql',
  version,
  schemas: mysqlSchemas,
  generate: (request) => generateDatabase(MYSQL, request),
});

export default plugin;
export { mysql } from './builder.js';
export type { MysqlAccessory, MysqlSettings } from './builder.js';
export type { DatabasePlatformSettings as MysqlPlatformSettings } from '@kusion/module-kit';
