/**
 * The data key row beyond the conformance checks: a schema made before the table existed gains it
 * on first use, a damaged row is reported (not handed to a key service), a plain key is never
 * stored, and what is stored is the wrapped key as JSON.
 */
import { randomBytes } from 'node:crypto';
import type { Backend, WrappedKey } from '@kusion/sdk';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openPostgresBackend } from '../src/postgres-backend.js';

const connectionString = inject('postgresUrl');

const wrapped: WrappedKey = {
  service: 'passphrase',
  ciphertext: 'c2VhbGVkLWJ5LXNjcnlwdA==',
  parameters: { passphraseEnv: 'KUSION_PASSPHRASE', N: 32768 },
  keyId: '0123456789abcdef',
  createdAt: '2024-01-01T00:00:00.000Z',
};

let schema: string;
let client: pg.Client;
let backend: Backend;

beforeEach(async () => {
  schema = `k_${randomBytes(6).toString('hex')}`;
  client = new pg.Client({ connectionString });
  await client.connect();
  backend = openPostgresBackend({ connectionString, schema });
});

afterEach(async () => {
  await backend.close?.();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

const keys = () => {
  if (!backend.keys) throw new Error('the postgres backend keeps no data key');
  return backend.keys;
};

describe('the postgres data key store', () => {
  it('adds its table to a schema made before it existed, next to the data already there', async () => {
    // The five tables an earlier version created, holding a workspace.
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(
      `CREATE TABLE "${schema}"."workspaces" (name text PRIMARY KEY, body jsonb NOT NULL)`,
    );
    await client.query(`INSERT INTO "${schema}"."workspaces" VALUES ('dev', '{}')`);
    expect(await keys().get()).toBeUndefined();
    expect(await backend.workspaces.list()).toEqual(['dev']);
    const written = await keys().put(wrapped, { ifAbsent: true });
    expect(written.stored).toBe(true);
    const row = await client.query<{ body: string }>(
      `SELECT body FROM "${schema}"."data_keys" WHERE name = 'data-key'`,
    );
    expect(JSON.parse(row.rows[0]?.body ?? '')).toEqual(wrapped);
    expect(keys().location).toBe(`PostgreSQL table "${schema}"."data_keys", row "data-key"`);
  });

  it('reports a damaged row as STATE_CORRUPT naming the table and what is wrong', async () => {
    await keys().put(wrapped, { ifAbsent: true });
    await client.query(`UPDATE "${schema}"."data_keys" SET body = $1 WHERE name = 'data-key'`, [
      JSON.stringify({ ...wrapped, keyId: 'not-a-fingerprint' }),
    ]);
    const read = keys().get();
    await expect(read).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    await expect(read).rejects.toThrow(
      `the data key in PostgreSQL table "${schema}"."data_keys", row "data-key" is damaged: "keyId" is not a key fingerprint`,
    );
  });

  it('never stores a plain key (the local backend alone may hold one)', async () => {
    const plain = { ...wrapped, service: 'none', ciphertext: randomBytes(32).toString('base64') };
    await expect(keys().put(plain, { ifAbsent: true })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await keys().get()).toBeUndefined();
  });
});
