/**
 * The PostgreSQL backend keeps every rule the engine relies on, as every backend must, against a
 * real PostgreSQL 15: lock races, fencing, racing writers, and a writer killed mid-write.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describeBackendConformance } from '@kusion/testkit/backend-conformance';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgresBackend } from '../src/postgres-backend.js';

const connectionString = inject('postgresUrl');

describeBackendConformance({
  name: 'postgres',
  createStorage() {
    // Each check in a schema of its own: fresh, empty storage.
    const settings = { connectionString, schema: `k_${randomBytes(6).toString('hex')}` };
    return {
      open: () => openPostgresBackend(settings),
      childArgument: settings,
      async remove() {
        const client = new pg.Client({ connectionString });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${settings.schema}" CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
  childProcess: {
    module: new URL('../src/postgres-backend.ts', import.meta.url).href,
    exportName: 'openPostgresBackend',
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../', import.meta.url)),
  },
  timeoutMs: 60_000,
});
