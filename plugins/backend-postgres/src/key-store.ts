/**
 * The backend's wrapped data key as one row of the `data_keys` table (created with the other
 * tables), with a version that changes on every write. Both writes are compare-and-swap in one
 * statement: creating inserts and loses to an existing row (`ON CONFLICT DO NOTHING`: of racing
 * first runs, the others wait on the winner's insert and then store nothing), re-wrapping updates
 * only the version the writer read (a racing re-wrap waits on the row lock, then finds the version
 * changed and updates nothing).
 */
import { randomUUID } from 'node:crypto';
import { parseWrappedKey, serializeWrappedKey } from '@kusion/backend-kit';
import type { KeyStore, KeyWriteOutcome } from '@kusion/sdk';
import type { Database } from './database.js';

/** The row's name: one data key per backend today; the table leaves room for more. */
export const DATA_KEY_ROW = 'data-key';

export function createPostgresKeyStore(database: Database): KeyStore {
  const table = database.table('data_keys');
  const location = `PostgreSQL table ${table}, row "${DATA_KEY_ROW}"`;
  const place = { where: location, restoreFrom: 'from a database backup' };
  const outcomeOf = (rows: readonly { version: string }[]): KeyWriteOutcome => {
    const [row] = rows;
    return row ? { stored: true, version: row.version } : { stored: false };
  };

  return {
    location,
    get: () =>
      database.transaction(async (client) => {
        const row = (
          await client.query<{ body: string; version: string }>(
            `SELECT body, version FROM ${table} WHERE name = $1`,
            [DATA_KEY_ROW],
          )
        ).rows[0];
        return row && { key: parseWrappedKey(row.body, place), version: row.version };
      }),
    put: (key, condition) =>
      database.transaction(async (client) => {
        // Serialised first: a plain key is refused before anything is written.
        const body = serializeWrappedKey(key);
        const written =
          'ifAbsent' in condition
            ? await client.query<{ version: string }>(
                `INSERT INTO ${table} (name, body, version) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO NOTHING RETURNING version`,
                [DATA_KEY_ROW, body, randomUUID()],
              )
            : await client.query<{ version: string }>(
                `UPDATE ${table} SET body = $2, version = $3
                 WHERE name = $1 AND version = $4 RETURNING version`,
                [DATA_KEY_ROW, body, randomUUID(), condition.ifMatch],
              );
        return outcomeOf(written.rows);
      }),
  };
}
