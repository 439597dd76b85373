/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { mysql } from '@kusion/module-mysql';
 * appConfiguration({ workload, accessories: { db: mysql({ version: '8.4' }) } });
 * ```
 */

export type MysqlSettings = {
  /** The image tag locally (default 8.4), RDS's EngineVersion on AWS (default: RDS's). */
  readonly version?: string;
  /** The database created for the app; default: the app name. */
  readonly databaseName?: string;
  /** Prefix of the workload's variables; default `DB_` (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME). */
  readonly envPrefix?: string;
};

/** `accessories.<name>` for this module. */
export type MysqlAccessory = MysqlSettings & { readonly module: 'mysql' };

export function mysql(settings: MysqlSettings = {}): MysqlAccessory {
  return { module: 'mysql', ...settings };
}
