/**
 * The connection pool, Kusion's tables (one per kind of record, created on first use), and the
 * one way every store runs SQL: a transaction, retried when PostgreSQL aborts it for a
 * serialisation conflict. Every failure that is not Kusion's own becomes `BACKEND_FAILED` naming
 * the server.
 */
import { isKusionError, KusionError } from '@kusion/sdk';
import pg from 'pg';
import type { PoolClient } from 'pg';
import type { PostgresBackendSettings } from './settings.js';

export interface Database {
  /** `schema.table`, quoted. */
  table(
    name: 'workspaces' | 'current_workspace' | 'releases' | 'journal' | 'locks' | 'data_keys',
  ): string;
  /** Runs `work` in one transaction (READ COMMITTED), committing what it returns. */
  transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Serialisation failure, deadlock: the transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

export function openDatabase(settings: PostgresBackendSettings): Database {
  const pool = new pg.Pool({
    ...(settings.connectionString ? { connectionString: settings.connectionString } : {}),
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.user ? { user: settings.user } : {}),
    ...(settings.database ? { database: settings.database } : {}),
    max: settings.maxConnections,
  });
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', () => undefined);
  const schema = `"${settings.schema}"`;
  const table: Database['table'] = (name) => `${schema}."${name}"`;
  let ready: Promise<void> | undefined;

  async function run<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect().catch((error: unknown) => {
        throw backendError(error);
      });
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (code !== undefined && RETRYABLE.has(code) && attempt < 5) continue;
        throw isKusionError(error) ? error : backendError(error);
      } finally {
        client.release();
      }
    }
  }

  const createTables = (): Promise<void> =>
    run(async (client) => {
      // Racing first runs would both create the tables: one at a time.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `kusion:${settings.schema}`,
      ]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      for (const statement of ddl(table)) await client.query(statement);
    });

  return {
    table,
    async transaction(work) {
      ready ??= createTables().catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      return run(work);
    },
    close: () => pool.end(),
  };
}

function ddl(table: Database['table']): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table('workspaces')} (name text PRIMARY KEY, body jsonb NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${table('current_workspace')} (id int PRIMARY KEY CHECK (id = 1), name text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${table('releases')} (
      project text NOT NULL, workspace text NOT NULL, stack text NOT NULL, revision int NOT NULL,
      body text NOT NULL, lock_generation bigint,
      PRIMARY KEY (project, workspace, stack, revision))`,
    `CREATE TABLE IF NOT EXISTS ${table('journal')} (
      project text NOT NULL, workspace text NOT NULL, stack text NOT NULL, revision int NOT NULL,
      seq bigserial, entry text NOT NULL,
      PRIMARY KEY (project, workspace, stack, revision, seq))`,
    // A lease row per project and workspace, kept when released: `generation` never goes back.
    `CREATE TABLE IF NOT EXISTS ${table('locks')} (
      project text NOT NULL, workspace text NOT NULL, holder text, generation bigint NOT NULL,
      PRIMARY KEY (project, workspace))`,
    // The wrapped data key(s) that seal secrets (key-store.ts); `version` changes on every write.
    `CREATE TABLE IF NOT EXISTS ${table('data_keys')} (
      name text PRIMARY KEY, body text NOT NULL, version text NOT NULL)`,
  ];
}

export function backendError(error: unknown): KusionError {
  const message = error instanceof Error ? error.message : String(error);
  return new KusionError('BACKEND_FAILED', `PostgreSQL: ${message}`, {
    cause: error,
    hint: 'check the postgres backend settings in $KUSION_HOME/config.yaml (connectionString, or PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) and that the server is up',
  });
}
