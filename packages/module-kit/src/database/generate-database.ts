/**
 * The one `generate` of relational database modules: settings and names shared by every
 * platform, then `local`, `aws` or `azure`. Settings arrive validated against the module's schemas; what a
 * schema cannot say (a value derived from the app's name that the engine would refuse) is checked
 * here, with the setting to change.
 */
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import { envPrefixOf } from '../env-prefix.js';
import { accessoryName } from '../naming.js';
import { appSettingError, platformSettingError } from '../settings-error.js';
import { generateAwsDatabase } from './aws-database.js';
import { generateAzureDatabase } from './azure-database.js';
import { generateLocalDatabase } from './local-database.js';
import type {
  DatabaseAppSettings,
  DatabaseEngine,
  DatabasePlatformSettings,
} from './database-settings.js';
import { DEFAULT_USERNAME } from './database-settings.js';

/** Modules that write the same `DB_*` variables by default. */
export const DATABASE_MODULES: readonly string[] = ['postgres', 'mysql'];

export function generateDatabase(
  engine: DatabaseEngine,
  request: ModuleGenerateRequest,
): ModuleGenerateResult {
  const app = request.part.value as unknown as DatabaseAppSettings;
  const platform = request.platform as unknown as DatabasePlatformSettings;
  const common = {
    request,
    engine,
    baseName: accessoryName(request),
    username: platform.username ?? DEFAULT_USERNAME,
    databaseName: app.databaseName ?? defaultDatabaseName(request, engine),
    envPrefix: envPrefixOf(request, 'DB_', DATABASE_MODULES),
  };
  switch (platform.type) {
    case 'local':
      return generateLocalDatabase({
        ...common,
        platform,
        version: app.version ?? engine.defaultVersion,
      });
    case 'aws': {
      const { instanceType } = platform;
      if (instanceType === undefined) {
        throw platformSettingError(
          engine.module,
          'instanceType',
          'is required with type: aws',
          'set the RDS instance class, e.g. instanceType: db.t3.micro',
        );
      }
      return generateAwsDatabase({
        ...common,
        platform: { ...platform, instanceType },
        version: app.version,
      });
    }
    case 'azure':
      return generateAzureDatabase({ ...common, platform, version: app.version });
    default:
      throw platformSettingError(
        engine.module,
        'type',
        `${JSON.stringify(platform.type)} is not a platform this module knows`,
        'use type: local (a StatefulSet in the cluster), type: aws (RDS) or type: azure (an Azure Database flexible server)',
      );
  }
}

/** The app's name as a database identifier: `my-shop` → `my_shop`. */
function defaultDatabaseName(request: ModuleGenerateRequest, engine: DatabaseEngine): string {
  const name = request.appName
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .slice(0, engine.maxDatabaseNameLength);
  if (/^[A-Za-z]/.test(name)) return name;
  throw appSettingError(
    request,
    ['databaseName'],
    `the app name "${request.appName}" does not start with a letter, so it cannot name the database`,
    'set databaseName, e.g. databaseName: app',
  );
}
