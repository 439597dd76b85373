/** `kusion init` writes inside the project folder only (defect 7 of issue 12). */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initProject } from '../src/index.js';

let root: string;
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('initProject', () => {
  it.each([['../../x'], ['../outside'], ['a/b'], ['..'], ['.hidden'], ['dev\n']])(
    'refuses --stack %j, writing nothing, even with --force',
    async (stack) => {
      root = await mkdtemp(join(tmpdir(), 'kusion-init-'));
      const dir = join(root, 'deep', 'project');
      // A file outside the project that a traversal would have overwritten.
      await writeFile(join(root, 'precious.yaml'), 'keep me');
      for (const force of [false, true]) {
        await expect(initProject({ dir, stack, force })).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
          message: expect.stringContaining(`invalid value ${JSON.stringify(stack)} for --stack`),
        });
      }
      expect(await readdir(root)).toEqual(['precious.yaml']);
    },
  );

  it('scaffolds a valid stack name', async () => {
    root = await mkdtemp(join(tmpdir(), 'kusion-init-'));
    const result = await initProject({ dir: join(root, 'shop'), stack: 'prod-eu.1' });
    expect(result.files).toContain(join('prod-eu.1', 'main.yaml'));
  });
});
