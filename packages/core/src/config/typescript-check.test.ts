/**
 * main.ts is type-checked before it is loaded (defect 9 of issue 12): a type error stops the run
 * with file:line:column; a check that passed is cached by content hash; --no-typecheck skips it.
 */
import { mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadStackConfiguration } from './stack-configuration.js';

let dir: string;
let cacheDir: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'kusion-typecheck-')));
  cacheDir = join(dir, '.home', 'cache', 'typecheck');
  vi.spyOn(process, 'cwd').mockReturnValue(dir);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** A main.ts with a type error the loader alone would run and deploy. */
const WRONG = `import { defineStack } from '@kusion/sdk';
const replicas: number = 'three';
export default defineStack({
  resources: [{ id: 'a', type: 'Test', attributes: { replicas } }],
});
`;

const RIGHT = WRONG.replace("'three'", '3');

const load = (typecheck?: boolean) =>
  loadStackConfiguration(dir, { typecheck, typecheckCacheDir: cacheDir });

// Each check starts the compiler (one to five seconds on a busy two-core machine).
describe('type-checking main.ts', { timeout: 60_000 }, () => {
  it('stops at a type error with main.ts:line:column and the compiler code, before running it', async () => {
    await writeFile(join(dir, 'main.ts'), WRONG);
    const error = await load().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      "main.ts:2:7: TS2322: Type 'string' is not assignable to type 'number'.",
    );
    expect((error as ConfigError).hint).toContain('--no-typecheck');
  });

  it('loads it anyway with typecheck off (--no-typecheck)', async () => {
    await writeFile(join(dir, 'main.ts'), WRONG);
    expect((await load(false)).configuration).toMatchObject({
      resources: [{ attributes: { replicas: 'three' } }],
    });
  });

  it('checks the types of @kusion/sdk: a misspelt builder option is an error', async () => {
    await writeFile(
      join(dir, 'main.ts'),
      `import { defineStack } from '@kusion/sdk';\nexport default defineStack({ resourcez: [] });\n`,
    );
    const error = await load().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^main\.ts:2:\d+: TS2561: .*'resourcez'/);
  });

  it('names a module nobody installed in one line, with the command that installs it', async () => {
    await writeFile(
      join(dir, 'main.ts'),
      `import pad from 'left-pad';\nexport default { resources: [{ id: pad('a'), type: 'T', attributes: {} }] };\n`,
    );
    const error = (await load().catch((e: unknown) => e)) as ConfigError;
    expect(error.message).toBe('main.ts:1:17: cannot find module "left-pad"');
    expect(error.hint).toBe('install it in the project: npm install left-pad');
  });

  it('remembers a passed check by content hash, and checks again once a file changed', async () => {
    await writeFile(join(dir, 'main.ts'), RIGHT);
    const cold = performance.now();
    await load();
    const coldMs = performance.now() - cold;
    expect(await readdir(cacheDir)).toHaveLength(1);
    const warm = performance.now();
    await load();
    const warmMs = performance.now() - warm;
    // The compiler does not start again: a cached check costs a few file reads.
    expect(warmMs).toBeLessThan(coldMs / 3);
    await writeFile(join(dir, 'main.ts'), WRONG);
    await expect(load()).rejects.toBeInstanceOf(ConfigError);
  });
});
