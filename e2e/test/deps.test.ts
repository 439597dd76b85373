/**
 * `kusion deps --since HEAD~1` in a fixture monorepo (a git repository with two projects whose
 * stacks share name prefixes): exactly the stacks the last commit touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit } from './support/expectations.ts';
import { installed, runKusion } from './support/kusion.ts';

const FILES: Record<string, string> = {
  'shop/project.yaml': 'name: shop\n',
  'shop/web/stack.yaml': 'name: web\n',
  'shop/web/main.yaml': 'resources: []\n',
  'shop/web-eu/stack.yaml': 'name: web-eu\n',
  'shop/web-eu/main.yaml': 'resources: []\n',
  'shop/lib/labels.ts': "export const labels = { team: 'shop' };\n",
  'shop/api/stack.yaml': 'name: api\n',
  'shop/api/main.ts':
    "import { labels } from '../lib/labels.ts';\nexport default { resources: [{ id: 'test:api', type: 'Test', attributes: { labels } }] };\n",
  'shop-legacy/project.yaml': 'name: shop-legacy\n',
  'shop-legacy/web/stack.yaml': 'name: web\n',
  'shop-legacy/web/main.yaml': 'resources: []\n',
};

async function fixture(): Promise<{
  root: string;
  commit: (files: Record<string, string>) => Promise<void>;
}> {
  const root = await mkdtemp(join(installed().projectsDir, 'monorepo-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], {
      cwd: root,
      stdio: 'pipe',
    });
  const commit = async (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'change');
  };
  git('init', '-q');
  await commit(FILES);
  return { root, commit };
}

describe('kusion deps --since', () => {
  it('lists exactly the stacks the last commit touched, by path segment and through imports', async () => {
    const { root, commit } = await fixture();
    const deps = (cwd = root) =>
      runKusion(['deps', '--since', 'HEAD~1', '--json'], { cwd, kusionHome: join(root, '.home') });

    await commit({
      'shop/web-eu/main.yaml': 'resources: [{ id: test:x, type: Test, attributes: {} }]\n',
    });
    let result = await deps();
    expectExit(result, 0);
    expect(result.json<{ stacks: string[] }>().stacks).toEqual(['shop/web-eu']);

    await commit({ 'shop/lib/labels.ts': "export const labels = { team: 'core' };\n" });
    result = await deps();
    expect(
      result.json<{ stacks: string[]; projects: { stacks: { reasons: string[] }[] }[] }>(),
    ).toMatchObject({
      stacks: ['shop/api'],
      projects: [
        { name: 'shop', stacks: [{ reasons: ['uses shop/lib/labels.ts, which changed'] }] },
      ],
    });

    await commit({ 'shop-legacy/web/main.yaml': 'resources: []\n# touched\n' });
    const text = await runKusion(['deps', '--since', 'HEAD~1'], {
      cwd: root,
      kusionHome: join(root, '.home'),
    });
    expectExit(text, 0);
    expect(
      text.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['shop-legacy/web']);

    const none = await runKusion(['deps', '--since', 'HEAD'], {
      cwd: root,
      kusionHome: join(root, '.home'),
    });
    expect(none.stdout.trim()).toBe('No stack is touched since HEAD.');
  });
});
