/**
 * The `postgres` backend's settings (`configs:` in `$KUSION_HOME/config.yaml`). The connection
 * comes from `connectionString`, else from the fields, else from libpq's own variables (PGHOST,
 * PGPORT, PGUSER, PGPASSWORD, PGDATABASE), which keep a password out of the file.
 */
import { KusionError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';

export interface PostgresBackendSettings {
  readonly connectionString?: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly database?: string;
  /** The schema holding Kusion's tables (created if missing); default `kusion`. */
  readonly schema: string;
  /** Connections per process; default 4. */
  readonly maxConnections: number;
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;
const KNOWN = ['connectionString', 'host', 'port', 'user', 'database', 'schema', 'maxConnections'];

export function parsePostgresSettings(settings: Attributes): PostgresBackendSettings {
  const problems: string[] = [];
  for (const key of Object.keys(settings)) {
    if (!KNOWN.includes(key))
      problems.push(`unknown setting "${key}" (known: ${KNOWN.join(', ')})`);
  }
  const text = (key: string): string | undefined => {
    const value = settings[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value !== '') return value;
    problems.push(`"${key}" must be a non-empty string, received ${JSON.stringify(value)}`);
    return undefined;
  };
  const whole = (key: string): number | undefined => {
    const value = settings[key];
    if (value === undefined) return undefined;
    if (Number.isSafeInteger(value) && (value as number) > 0) return value as number;
    problems.push(`"${key}" must be a whole number ≥ 1, received ${JSON.stringify(value)}`);
    return undefined;
  };
  const schema = text('schema') ?? 'kusion';
  if (!SCHEMA.test(schema)) {
    problems.push(
      `"schema" must be a lower-case SQL identifier, received ${JSON.stringify(schema)}`,
    );
  }
  const parsed = {
    ...optional('connectionString', text('connectionString')),
    ...optional('host', text('host')),
    ...optional('port', whole('port')),
    ...optional('user', text('user')),
    ...optional('database', text('database')),
    schema,
    maxConnections: whole('maxConnections') ?? 4,
  };
  if (problems.length) {
    throw new KusionError(
      'CONFIG_INVALID',
      `invalid postgres backend settings: ${problems.join('; ')}`,
      {
        hint: 'configs: { connectionString: postgres://user@host:5432/db, schema: kusion } (a password is best left to PGPASSWORD)',
      },
    );
  }
  return parsed;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
