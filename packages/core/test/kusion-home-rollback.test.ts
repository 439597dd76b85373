/**
 * A release KusionStack Kusion recorded with a secret is listed and shown, but never re-applied:
 * its secret values are kept only as our hashes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listReleases, rollback } from '../src/index.js';
import { createScratchProject } from './scratch-project.js';
import type { ScratchProject } from './scratch-project.js';

let project: ScratchProject | undefined;
afterEach(async () => {
  await project?.cleanup();
});

describe('a Kusion release with a secret', () => {
  it('is listed, and refused by rollback with what to do instead', async () => {
    project = await createScratchProject();
    const releases = join(project.home, 'releases', 'scratch', 'dev');
    await mkdir(releases, { recursive: true });
    await writeFile(
      join(releases, '.metadata.yml'),
      'latestRevision: 1\nreleaseMetaDatas:\n    - revision: 1\n      stack: dev\n',
    );
    const secret = [
      '        - id: test:password',
      '          type: Test',
      '          attributes:',
      '            value: plain-from-kusion',
      '          extensions:',
      '            sensitivePaths: [value]',
    ].join('\n');
    await writeFile(
      join(releases, '1.yaml'),
      `project: scratch\nworkspace: dev\nrevision: 1\nstack: dev\nspec:\n    resources:\n${secret}\nstate:\n    resources:\n${secret}\nphase: succeeded\ncreateTime: 2024-05-10T16:48:00+08:00\nmodifiedTime: 2024-05-10T16:48:00+08:00\n`,
    );
    expect((await listReleases(project.options())).map((r) => r.revision)).toEqual([1]);
    await expect(rollback({ ...project.options(), revision: 1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining(
        'recorded by KusionStack Kusion with secret values',
      ) as string,
    });
  });
});
