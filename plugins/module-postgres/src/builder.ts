/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { postgres } from '@kusion/module-postgres';
 * appConfiguration({ workload, accessories: { db: postgres({ version: '16' }) } });
 * ```
 */

export type PostgresSettings = {
  /** The image tag locally (default 16), RDS's EngineVersion on AWS (default: RDS's). */
  readonly version?: string;
  /** The database created for the app; default: the app name. */
  readonly databaseName?: string;
  /** Prefix of the workload's variables; default `DB_` (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME). */
  readonly envPrefix?: string;
};

/** `accessories.<name>` for this module. */
export type PostgresAccessory = PostgresSettings & { readonly module: 'postgres' };

export function postgres(settings: PostgresSettings = {}): PostgresAccessory {
  return { module: 'postgres', ...settings };
}
