/**
 * `examples/library` — the engine driven in-process through `createKusion` — run against the
 * packages installed from their tarballs, as a user's script would import them.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { childEnv } from './support/install.ts';
import { installed } from './support/kusion.ts';

const example = fileURLToPath(new URL('../../examples/library/', import.meta.url));

describe('examples/library', () => {
  it('previews, deploys, detects drift, rolls out, cancels by AbortSignal and destroys in-process', async () => {
    const { installDir, projectsDir, nodeDir } = installed();
    const dir = await mkdtemp(join(projectsDir, 'library-'));
    await cp(join(example, 'src'), join(dir, 'src'), { recursive: true });
    await cp(join(example, 'project'), join(dir, 'project'), { recursive: true });
    await cp(join(example, 'package.json'), join(dir, 'package.json'));
    await symlink(join(installDir, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const run = spawnSync(join(nodeDir, 'node'), ['src/main.ts'], {
      cwd: dir,
      env: childEnv(nodeDir),
      encoding: 'utf8',
      timeout: 60_000,
    });
    const transcript = `exit ${String(run.status)}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
    expect(run.status, transcript).toBe(0);
    expect(run.stdout.match(/^ok - /gm), transcript).toHaveLength(8);
    expect(run.stdout).toContain('ok - rollout dev → prod: unchanged → succeeded');
    expect(run.stdout).toMatch(/ok - the cancelled deploy stopped: .*test:app:cancelled/);
    expect(run.stdout).toContain('  ✔ [prod] Create test:database');
    expect(run.stdout).toContain('library example: all done');
  });
});
