/**
 * "One sealing key per backend" (issue 12) through the built CLI, for any shared backend: two
 * machines — two `KUSION_HOME`s with the same config.yaml and nothing else in common — deploy and
 * roll back the same stack, whose one resource holds a password under `sensitivePaths`. A backend's
 * suite supplies how to reach it and how to read what it stores; the steps and what they must show
 * are written once here.
 */
import { spawn } from 'node:child_process';
import { createDecipheriv, scrypt } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { installedKusion } from './installed-kusion.ts';

const CLI = fileURLToPath(new URL('../../../packages/cli/bin/run.js', import.meta.url));

/** JSON is YAML too: config.yaml, workspace and stack files are written as JSON. */
const stringify = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The stored data key as every shared backend keeps it (JSON). */
export interface StoredDataKey {
  readonly service: string;
  readonly ciphertext: string;
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly keyId: string;
  readonly createdAt: string;
  readonly rotatedAt?: string;
}

export interface SealingBackend {
  /** config.yaml's entry for the backend, less `sealing`: `{ type, configs }`. */
  readonly definition: Readonly<Record<string, unknown>>;
  /** What every run needs to reach it (credentials, endpoints). */
  readonly env: Readonly<Record<string, string>>;
  /** The data key as the backend stores it (a row, a blob), read around the CLI; undefined if none. */
  readStoredKey(): Promise<string | undefined>;
  /** Everything the backend stores (every row, every blob), as text to search. */
  dumpStorage(): Promise<string>;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly transcript: string;
}

export type Machine = 'A' | 'B';

export interface TwoMachines {
  readonly dir: string;
  homeOf(machine: Machine): string;
  /** Writes both machines' config.yaml (or one machine's) with this `sealing:`. */
  writeConfig(
    sealing: Readonly<Record<string, unknown>>,
    machines?: readonly Machine[],
  ): Promise<void>;
  /** `kusion <args>` in the stack folder, as that machine, with these extra variables. */
  run(
    machine: Machine,
    args: readonly string[],
    env?: Readonly<Record<string, string>>,
  ): Promise<CliResult>;
  /** Deploys the stack with `password` in its one resource, as machine A. */
  deploySecret(password: string, env: Readonly<Record<string, string>>): Promise<CliResult>;
  /** The simulated cloud's objects, as text. */
  cloudText(): Promise<string>;
  cleanup(): Promise<void>;
}

/** A project (`shop`, stack `dev`, the testkit provider) and two empty homes. */
export async function createTwoMachines(backend: SealingBackend): Promise<TwoMachines> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-e2e-sealing-'));
  const stack = join(dir, 'dev');
  const cloud = join(dir, 'cloud');
  const homes = { A: join(dir, 'home-a'), B: join(dir, 'home-b') };
  await Promise.all([mkdir(stack), mkdir(homes.A), mkdir(homes.B)]);
  await writeFile(join(dir, 'project.yaml'), stringify({ name: 'shop' }));
  await writeFile(join(stack, 'stack.yaml'), stringify({ name: 'dev' }));
  await writeFile(join(stack, 'main.yaml'), stringify({ resources: [] }));
  await writeFile(
    join(dir, 'workspace.yaml'),
    stringify({ providers: { test: { package: '@kusion/testkit', dir: cloud } } }),
  );

  const run = (
    machine: Machine,
    args: readonly string[],
    env: Readonly<Record<string, string>> = {},
  ): Promise<CliResult> =>
    new Promise((resolve, reject) => {
      // Only what a user's shell would hand over: never this machine's KUSION_*, AWS_* or AZURE_*.
      const child = spawn(process.execPath, [installedKusion(CLI), ...args], {
        cwd: stack,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          NO_COLOR: '1',
          ...backend.env,
          KUSION_HOME: homes[machine],
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        const transcript = `$ kusion ${args.join(' ')} (machine ${machine})\nexit ${String(code)}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
        resolve({ code, stdout, stderr, transcript });
      });
    });

  return {
    dir,
    homeOf: (machine) => homes[machine],
    async writeConfig(sealing, machines = ['A', 'B']) {
      const config = { backends: { current: 'team', team: { ...backend.definition, sealing } } };
      for (const machine of machines)
        await writeFile(join(homes[machine], 'config.yaml'), stringify(config));
    },
    run,
    async deploySecret(password, env) {
      await writeFile(
        join(stack, 'main.yaml'),
        stringify({
          resources: [
            {
              id: 'test:db',
              type: 'Test',
              attributes: { engine: 'postgres', password },
              extensions: { sensitivePaths: ['password'] },
            },
          ],
        }),
      );
      return run('A', ['deploy', '--yes'], env);
    },
    async cloudText() {
      let text = '';
      for (const name of await readdir(cloud)) {
        if (name.endsWith('.json')) text += await readFile(join(cloud, name), 'utf8');
      }
      return text;
    },
    cleanup: () =>
      process.env.KUSION_E2E_KEEP ? Promise.resolve() : rm(dir, { recursive: true, force: true }),
  };
}

export function expectOk(result: CliResult): void {
  expect(result.code, result.transcript).toBe(0);
}

/** The run failed with this error code (`--json`), and said so in one JSON document. */
export function expectFailure(result: CliResult, code: string): { code: string; message: string } {
  expect(result.code, result.transcript).toBe(1);
  const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
  expect(error.code, result.transcript).toBe(code);
  return error;
}

/** Every file under a machine's home, relative to it. */
export async function filesOf(home: string): Promise<string[]> {
  return (await readdir(home, { recursive: true })).map(String);
}

/** The text holds none of the usual spellings of `key`. */
export function expectKeyAbsent(text: string, key: Buffer): void {
  for (const encoding of ['base64', 'base64url', 'hex'] as const) {
    expect(text).not.toContain(key.toString(encoding));
  }
}

export async function readStoredKey(backend: SealingBackend): Promise<StoredDataKey> {
  const text = await backend.readStoredKey();
  if (text === undefined) throw new Error('the backend holds no data key');
  return JSON.parse(text) as StoredDataKey;
}

/**
 * Opens a key the `passphrase` service wrapped, as its documentation describes it — AES-256-GCM
 * (iv, tag, ciphertext) under scrypt(passphrase, salt, N, r, p) — without any of Kusion's code, so
 * the test shows what the stored record is, not what Kusion says it is.
 */
export async function unwrapWithPassphrase(
  stored: StoredDataKey,
  passphrase: string,
): Promise<Buffer> {
  const { salt, N, r, p } = stored.parameters;
  const kek = await new Promise<Buffer>((resolve, reject) => {
    scrypt(
      passphrase,
      Buffer.from(String(salt), 'base64'),
      32,
      { N: Number(N), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
  const raw = Buffer.from(stored.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

const FIRST = 'pw-one-7d1e4b9a';
const SECOND = 'pw-two-c83f02e5';
const PASSPHRASE = 'correct horse battery staple';
const NEW_PASSPHRASE = 'a brand new team passphrase';

/**
 * With a passphrase-wrapped data key: machine A deploys two revisions with a secret; the backend
 * holds the key only wrapped and the secret only sealed; machine B, with its own empty home, rolls
 * back to revision 1; a wrong passphrase applies nothing; `kusion secrets rotate` to a new
 * passphrase keeps the key (and every release) and both machines working, and the old passphrase
 * no longer opens it.
 */
export async function passphraseSealingAcrossMachines(backend: SealingBackend): Promise<void> {
  const machines = await createTwoMachines(backend);
  try {
    const teamEnv = { TEAM_PASSPHRASE: PASSPHRASE };
    await machines.writeConfig({ service: 'passphrase', passphraseEnv: 'TEAM_PASSPHRASE' });
    const workspaceFile = join(machines.dir, 'workspace.yaml');
    expectOk(await machines.run('A', ['workspace', 'create', 'dev', '-f', workspaceFile], teamEnv));
    expectOk(await machines.deploySecret(FIRST, teamEnv));
    expectOk(await machines.deploySecret(SECOND, teamEnv));
    expect(await machines.cloudText()).toContain(SECOND);

    // The stored key is wrapped: the passphrase opens it, and nothing stored spells it out.
    const stored = await readStoredKey(backend);
    expect(stored).toMatchObject({
      service: 'passphrase',
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      parameters: { kdf: 'scrypt', passphraseEnv: 'TEAM_PASSPHRASE' },
    });
    const plain = await unwrapWithPassphrase(stored, PASSPHRASE);
    expect(plain).toHaveLength(32);
    const storage = await backend.dumpStorage();
    expectKeyAbsent(storage, plain);
    for (const secret of [FIRST, SECOND, PASSPHRASE]) expect(storage).not.toContain(secret);
    expect(storage).toContain(`(sealed aes-256-gcm key=${stored.keyId}:`);
    expect(await filesOf(machines.homeOf('A'))).not.toContain('secret.key');

    // Machine B: its own home, no key file, no KUSION_SECRET_KEY; only the team's passphrase.
    expectOk(await machines.run('B', ['release', 'rollback', '--revision', '1', '--yes'], teamEnv));
    expect(await machines.cloudText()).toContain(FIRST);
    expect(await machines.cloudText()).not.toContain(SECOND);
    expect(await filesOf(machines.homeOf('B'))).not.toContain('secret.key');
    // A wrong passphrase: refused before anything is applied.
    const wrong = await machines.run(
      'B',
      ['release', 'rollback', '--revision', '2', '--yes', '--json'],
      { TEAM_PASSPHRASE: 'a wrong guess' },
    );
    expect(expectFailure(wrong, 'KEY_SERVICE_FAILED').message).toContain('$TEAM_PASSPHRASE');
    expect(await machines.cloudText()).toContain(FIRST);

    // Rotate from A to a passphrase in another variable (the old one set for this one command).
    await machines.writeConfig({ service: 'passphrase', passphraseEnv: 'NEW_PASSPHRASE' }, ['A']);
    const bothEnv = { TEAM_PASSPHRASE: PASSPHRASE, NEW_PASSPHRASE };
    const rotated = await machines.run('A', ['secrets', 'rotate', '--json'], bothEnv);
    expectOk(rotated);
    expect(JSON.parse(rotated.stdout)).toMatchObject({
      status: 'succeeded',
      keyId: stored.keyId,
      previous: { service: 'passphrase', parameters: { passphraseEnv: 'TEAM_PASSPHRASE' } },
      current: { service: 'passphrase', parameters: { passphraseEnv: 'NEW_PASSPHRASE' } },
    });
    const rewrapped = await readStoredKey(backend);
    expect(rewrapped).toMatchObject({ keyId: stored.keyId, createdAt: stored.createdAt });
    expect(rewrapped.rotatedAt).toEqual(expect.any(String));
    expect(rewrapped.ciphertext).not.toBe(stored.ciphertext);
    expect((await unwrapWithPassphrase(rewrapped, NEW_PASSPHRASE)).equals(plain)).toBe(true);
    await expect(unwrapWithPassphrase(rewrapped, PASSPHRASE)).rejects.toThrow();
    expectKeyAbsent(await backend.dumpStorage(), plain);

    // B's config.yaml still names the old variable: unwrapping follows the stored key's.
    const newOnly = { NEW_PASSPHRASE };
    expectOk(await machines.run('B', ['release', 'rollback', '--revision', '2', '--yes'], newOnly));
    expect(await machines.cloudText()).toContain(SECOND);
    const oldOnly = await machines.run(
      'B',
      ['release', 'rollback', '--revision', '1', '--yes', '--json'],
      teamEnv,
    );
    expect(expectFailure(oldOnly, 'KEY_SERVICE_FAILED').message).toContain(
      '$NEW_PASSPHRASE, which is not set',
    );
    expectOk(await machines.run('A', ['release', 'rollback', '--revision', '1', '--yes'], newOnly));
    expect(await machines.cloudText()).toContain(FIRST);
  } finally {
    await machines.cleanup();
  }
}
