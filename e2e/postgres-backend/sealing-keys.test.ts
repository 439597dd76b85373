/**
 * One sealing key per backend (issue 12) on the postgres backend: the data key is one row of
 * `data_keys`, wrapped by a passphrase or by AWS KMS (on moto); a release deployed from one
 * KUSION_HOME rolls back from another with no shared key file or variable; nothing in any table
 * holds the plain key or a secret; `kusion secrets rotate` keeps both machines working.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import { startMoto, startPostgres } from '@kusion/test-peers';
import type { MotoPeer, PostgresPeer } from '@kusion/test-peers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTwoMachines,
  expectKeyAbsent,
  expectOk,
  filesOf,
  passphraseSealingAcrossMachines,
  readStoredKey,
} from '../test/support/sealing-keys.ts';
import type { SealingBackend } from '../test/support/sealing-keys.ts';

const repository = fileURLToPath(new URL('../../', import.meta.url));

let postgres: PostgresPeer;
let database: pg.Client;
let schemas = 0;

beforeAll(async () => {
  for (const file of [
    'packages/cli/dist',
    'plugins/backend-postgres/dist/index.js',
    'plugins/keys-aws-kms/dist/index.js',
    'packages/testkit/dist/index.js',
  ]) {
    await access(join(repository, file)).catch(() => {
      throw new Error(
        `${file} is missing: build first (npx nx run-many -t build -p @kusion/cli @kusion/testkit @kusion/backend-postgres @kusion/keys-aws-kms)`,
      );
    });
  }
  postgres = await startPostgres();
  database = new pg.Client({ connectionString: postgres.connectionString });
  await database.connect();
});

afterAll(async () => {
  await database.end();
  await postgres.stop();
});

/** The backend on a schema of its own; the connection from libpq's variables, as the README advises. */
function postgresBackend(extraEnv: Readonly<Record<string, string>> = {}): SealingBackend {
  const schema = `kusion_${++schemas}`;
  return {
    definition: { type: 'postgres', configs: { schema } },
    env: { ...postgres.env, ...extraEnv },
    async readStoredKey() {
      const rows = await database
        .query<{ body: string }>(`SELECT body FROM "${schema}"."data_keys" WHERE name = 'data-key'`)
        .catch(() => ({ rows: [] }));
      return rows.rows[0]?.body;
    },
    async dumpStorage() {
      const tables = await database.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [schema],
      );
      expect(tables.rows.map((row) => row.table_name)).toContain('data_keys');
      let text = '';
      for (const { table_name: table } of tables.rows) {
        const rows = await database.query<{ row: string }>(
          `SELECT row_to_json(t)::text AS row FROM "${schema}"."${table}" t`,
        );
        text += rows.rows.map((row) => row.row).join('\n');
      }
      return text;
    },
  };
}

describe('sealing keys on the postgres backend', () => {
  it('passphrase: rolls back from another KUSION_HOME with no shared key; the data_keys row is wrapped; rotate keeps both machines working', async () => {
    await passphraseSealingAcrossMachines(postgresBackend());
  });

  describe('wrapped by AWS KMS on moto', () => {
    let moto: MotoPeer;
    let kms: KMSClient;
    beforeAll(async () => {
      moto = await startMoto();
      kms = new KMSClient({
        endpoint: moto.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
    });
    afterAll(async () => {
      kms.destroy();
      await moto.stop();
    });

    it('rolls back from another KUSION_HOME with no shared key; the row holds only the KMS-wrapped key', async () => {
      const created = await kms.send(new CreateKeyCommand({ Description: 'kusion e2e' }));
      const keyArn = created.KeyMetadata?.Arn ?? '';
      await kms.send(
        new CreateAliasCommand({
          AliasName: 'alias/kusion-postgres',
          TargetKeyId: created.KeyMetadata?.KeyId,
        }),
      );
      const backend = postgresBackend(moto.env);
      const machines = await createTwoMachines(backend);
      try {
        await machines.writeConfig({ service: 'aws-kms', keyId: 'alias/kusion-postgres' });
        const workspaceFile = join(machines.dir, 'workspace.yaml');
        expectOk(await machines.run('A', ['workspace', 'create', 'dev', '-f', workspaceFile]));
        expectOk(await machines.deploySecret('kms-pw-one-51c0', {}));
        expectOk(await machines.deploySecret('kms-pw-two-9e2a', {}));

        const stored = await readStoredKey(backend);
        expect(stored).toMatchObject({ service: 'aws-kms', parameters: { keyArn } });
        const plain = Buffer.from(
          (
            await kms.send(
              new DecryptCommand({
                CiphertextBlob: Buffer.from(stored.ciphertext, 'base64'),
                EncryptionContext: { purpose: 'kusion-data-key' },
              }),
            )
          ).Plaintext ?? [],
        );
        expect(plain).toHaveLength(32);
        const storage = await backend.dumpStorage();
        expectKeyAbsent(storage, plain);
        expect(storage).not.toContain('kms-pw-');
        expect(storage).toContain(`(sealed aes-256-gcm key=${stored.keyId}:`);

        expectOk(await machines.run('B', ['release', 'rollback', '--revision', '1', '--yes']));
        expect(await machines.cloudText()).toContain('kms-pw-one-51c0');
        expect(await machines.cloudText()).not.toContain('kms-pw-two-9e2a');
        for (const machine of ['A', 'B'] as const)
          expect(await filesOf(machines.homeOf(machine))).not.toContain('secret.key');
      } finally {
        await machines.cleanup();
      }
    });
  });
});
