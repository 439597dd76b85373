import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend, Spec } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHooks } from '../plugins/hooks.js';
import { createPluginRegistry } from '../plugins/plugin-registry.js';
import { createLocalBackend } from '../release/local-backend/local-backend.js';
import { createLocalKeyStore } from '../release/local-backend/key-store.js';
import { obtainDataKey } from './data-key.js';
import { keyIdOf } from './key-material.js';
import { passphraseKeyService } from './passphrase-key-service.js';
import { hasSealedValues, openSpec, sealSpec } from './sealed-values.js';
import { createSealingKeys } from './sealing-keys.js';
import { loadMachineKey } from './secret-key.js';

const PASSWORD = 'hunter2-sealed-9c1f';
const spec: Spec = {
  resources: [{ id: 'test:db', type: 'Test', attributes: { engine: 'pg', password: PASSWORD } }],
};
const sensitive = () => ['password'];
const signal = new AbortController().signal;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kusion-sealing-'));
  vi.stubEnv('KUSION_SECRET_KEY', '');
  vi.stubEnv('TEAM_PASSPHRASE', 'correct horse battery staple');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

/** One machine: its own KUSION_HOME, a shared local backend folder with a passphrase sealing. */
function machine(
  home: string,
  settings: Record<string, unknown> = { service: 'passphrase', passphraseEnv: 'TEAM_PASSPHRASE' },
  backend: Backend = createLocalBackend({ kusionHome: join(dir, 'shared') }),
) {
  return createSealingKeys({
    backend,
    backendName: 'team',
    sealing: { settings, where: `${home}/config.yaml:3` },
    kusionHome: home,
    registry: createPluginRegistry(createHooks()),
    signal,
  });
}

describe('sealed values', () => {
  it('name the key they need, open with it, and say which key is missing otherwise', async () => {
    const key = await loadMachineKey(join(dir, 'a'));
    const sealed = sealSpec(spec, sensitive, key);
    const text = JSON.stringify(sealed);
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain(`(sealed aes-256-gcm key=${key.id}:`);
    expect(hasSealedValues(sealed)).toBe(true);
    expect(openSpec(sealed, [key], 'revision 1')).toEqual(spec);

    const other = await loadMachineKey(join(dir, 'b'));
    expect(() => openSpec(sealed, [other], 'revision 1')).toThrow(
      expect.objectContaining({
        code: 'SEALING_KEY_MISMATCH',
        message: expect.stringContaining(`sealed with key ${key.id}`),
      }),
    );
  });

  it('opens a value sealed before keys were named with any key of the run (KUSION_SECRET_KEY)', async () => {
    const key = await loadMachineKey(join(dir, 'a'));
    const named = sealSpec(spec, sensitive, key);
    // The format of releases made before this change: no key id.
    const legacy = JSON.parse(
      JSON.stringify(named).replace(
        /\(sealed aes-256-gcm key=[0-9a-f]{16}:/,
        '(sealed aes-256-gcm:',
      ),
    ) as Spec;
    const other = await loadMachineKey(join(dir, 'b'));
    expect(openSpec(legacy, [other, key], 'revision 1')).toEqual(spec);
    expect(() => openSpec(legacy, [other], 'revision 1')).toThrow(
      expect.objectContaining({
        code: 'SEALING_KEY_MISMATCH',
        hint: expect.stringContaining('KUSION_SECRET_KEY'),
      }),
    );

    vi.stubEnv('KUSION_SECRET_KEY', (await readFile(join(dir, 'a', 'secret.key'), 'utf8')).trim());
    const fromEnv = await loadMachineKey(join(dir, 'c'));
    expect(fromEnv).toMatchObject({ id: key.id, source: 'KUSION_SECRET_KEY' });
  });
});

describe('the backend data key', { timeout: 60_000 }, () => {
  it('is shared by two homes with no key file or variable, and stored only wrapped', async () => {
    const a = await machine(join(dir, 'home-a')).current();
    const b = await machine(join(dir, 'home-b')).current();
    expect(b.id).toBe(a.id);
    expect(b.key.equals(a.key)).toBe(true);
    expect(b.source).toContain('a passphrase from $TEAM_PASSPHRASE');
    const stored = await readFile(join(dir, 'shared', 'secret.key'), 'utf8');
    expect(JSON.parse(stored)).toMatchObject({
      service: 'passphrase',
      keyId: a.id,
      parameters: { kdf: 'scrypt', passphraseEnv: 'TEAM_PASSPHRASE' },
    });
    for (const encoding of ['base64', 'hex'] as const)
      expect(stored).not.toContain(a.key.toString(encoding));
    await expect(readFile(join(dir, 'home-a', 'secret.key'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('is made exactly once by 10 racing first runs', async () => {
    const store = createLocalKeyStore(join(dir, 'race'));
    const service = await passphraseKeyService.create(
      { passphraseEnv: 'TEAM_PASSPHRASE' },
      { where: 'x', env: process.env },
    );
    const access = {
      store,
      serviceName: 'passphrase',
      service,
      serviceFor: () => Promise.reject(new Error('unused')),
      signal,
    };
    const keys = await Promise.all(
      Array.from({ length: 10 }, () => obtainDataKey(access, () => Promise.resolve(undefined))),
    );
    expect(new Set(keys.map((key) => keyIdOf(key))).size).toBe(1);
  });

  it('starts as the KUSION_SECRET_KEY a team shared, so its older releases and derived values stay', async () => {
    vi.stubEnv('KUSION_SECRET_KEY', 'the-old-shared-team-key');
    const machineKey = await loadMachineKey(join(dir, 'home-a'));
    const old = sealSpec(spec, sensitive, machineKey);
    const keys = machine(join(dir, 'home-a'));
    expect((await keys.current()).id).toBe(machineKey.id);
    vi.stubEnv('KUSION_SECRET_KEY', '');
    expect(openSpec(old, await machine(join(dir, 'home-b')).openers(), 'revision 1')).toEqual(spec);
  });

  it('fails with KEY_SERVICE_FAILED naming the variable when the passphrase is wrong or missing', async () => {
    await machine(join(dir, 'home-a')).current();
    vi.stubEnv('TEAM_PASSPHRASE', 'a wrong guess');
    await expect(machine(join(dir, 'home-b')).current()).rejects.toMatchObject({
      code: 'KEY_SERVICE_FAILED',
      message: expect.stringContaining('$TEAM_PASSPHRASE does not open'),
    });
    vi.stubEnv('TEAM_PASSPHRASE', '');
    await expect(machine(join(dir, 'home-c')).current()).rejects.toMatchObject({
      code: 'KEY_SERVICE_FAILED',
      message: expect.stringContaining('$TEAM_PASSPHRASE, which is not set'),
    });
  });

  it('re-wraps on rotate (a new passphrase variable): same key, the old passphrase no longer needed', async () => {
    const before = await machine(join(dir, 'home-a')).current();
    vi.stubEnv('NEW_PASSPHRASE', 'a brand new passphrase');
    const rotated = await machine(join(dir, 'home-a'), {
      service: 'passphrase',
      passphraseEnv: 'NEW_PASSPHRASE',
    }).rotate();
    expect(rotated).toMatchObject({
      keyId: before.id,
      previous: { service: 'passphrase', parameters: { passphraseEnv: 'TEAM_PASSPHRASE' } },
      current: { parameters: { passphraseEnv: 'NEW_PASSPHRASE' } },
    });
    vi.stubEnv('TEAM_PASSPHRASE', '');
    // A machine whose config.yaml still names the old variable follows the stored key's parameters.
    const after = await machine(join(dir, 'home-b')).current();
    expect(after.key.equals(before.key)).toBe(true);
  });

  it('refuses a passphrase written in config.yaml, and sealing on a backend that keeps no key, naming the file', async () => {
    await expect(
      machine(join(dir, 'home-a'), { service: 'passphrase', passphrase: 'oops' }).current(),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('must not be written in a file'),
    });
    const { keys: _keys, ...keyless } = createLocalBackend({ kusionHome: join(dir, 'shared') });
    await expect(machine(join(dir, 'home-a'), undefined, keyless).current()).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('config.yaml:3'),
    });
  });

  it('wraps a plain key the local backend held in place when sealing is configured', async () => {
    const home = join(dir, 'shared');
    const plain = await loadMachineKey(home);
    const keys = machine(join(dir, 'home-a'));
    expect((await keys.current()).id).toBe(plain.id);
    const stored = await readFile(join(home, 'secret.key'), 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ service: 'passphrase', keyId: plain.id });
  });
});
