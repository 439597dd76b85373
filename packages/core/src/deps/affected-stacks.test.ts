import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isKusionError } from '@kusion/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affectedStacks, isInside } from './affected-stacks.js';

let root: string;

const lock = (versions: Record<string, string>) =>
  JSON.stringify({
    lockfileVersion: 3,
    packages: Object.fromEntries(
      Object.entries(versions).map(([name, version]) => [`node_modules/${name}`, { version }]),
    ),
  });

const files: Record<string, string> = {
  'package-lock.json': lock({ '@kusion/module-service': '1.0.0', 'left-pad': '1.0.0' }),
  'shop/project.yaml': 'name: shop\n',
  'shop/dev/stack.yaml': 'name: dev\n',
  'shop/dev/main.yaml': 'resources: []\n',
  'shop/dev-eu/stack.yaml': 'name: dev-eu\n',
  'shop/dev-eu/main.yaml': 'resources: []\n',
  'shop/prod/stack.yaml': 'name: prod\n',
  'shop/prod/main.ts': [
    "import { defineStack } from '@kusion/sdk';",
    "import { labels } from '../lib/labels.ts';",
    "export const settings = './config/prod.yaml';",
    'export default defineStack({ resources: [{ id: "a", type: "Test", attributes: { labels } }] });',
    '',
  ].join('\n'),
  'shop/lib/labels.ts': "export const labels = { team: 'shop' };\n",
  'shop/prod/config/prod.yaml': 'replicas: 3\n',
  'billing/project.yaml': 'name: billing\n',
  'billing/api/stack.yaml': 'name: api\n',
  'billing/api/main.yaml':
    'apps:\n  api:\n    workload:\n      type: service\n      containers: { main: { image: api:1 } }\n',
  'billing/jobs/stack.yaml': 'name: jobs\n',
  'billing/jobs/main.yaml': 'resources: []\n',
};

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    cwd: root,
    stdio: 'pipe',
  }).toString();

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
}

async function commitChange(path: string, text: string): Promise<void> {
  await write(path, text);
  git('add', '-A');
  git('commit', '-q', '-m', `change ${path}`);
}

/** `project/stack` of every touched stack. */
async function touched(since = 'HEAD~1', workdir = root): Promise<string[]> {
  const result = await affectedStacks({ since, workdir });
  return result.projects.flatMap((project) => project.stacks.map((stack) => stack.path));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kusion-deps-'));
  for (const [path, text] of Object.entries(files)) await write(path, text);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('kusion deps --since', () => {
  it('compares folders by path segment: a change in dev-eu is not a change in dev', async () => {
    await commitChange(
      'shop/dev-eu/main.yaml',
      'resources: [{ id: x, type: Test, attributes: {} }]\n',
    );
    expect(await touched()).toEqual(['shop/dev-eu']);
    expect(isInside('shop/dev-eu/main.yaml', 'shop/dev')).toBe(false);
    expect(isInside('shop/dev/main.yaml', 'shop/dev')).toBe(true);
  });

  it('follows main.ts imports and the files a configuration names', async () => {
    await commitChange('shop/lib/labels.ts', "export const labels = { team: 'core' };\n");
    const result = await affectedStacks({ since: 'HEAD~1', workdir: root });
    expect(result.projects).toEqual([
      {
        name: 'shop',
        path: 'shop',
        stacks: [
          { name: 'prod', path: 'shop/prod', reasons: ['uses shop/lib/labels.ts, which changed'] },
        ],
      },
    ]);
    await commitChange('shop/prod/config/prod.yaml', 'replicas: 5\n');
    expect(await touched()).toEqual(['shop/prod']);
  });

  it('lists the stacks whose module packages changed version in the lockfile, not the others', async () => {
    await commitChange(
      'package-lock.json',
      lock({ '@kusion/module-service': '1.1.0', 'left-pad': '1.0.0' }),
    );
    const result = await affectedStacks({ since: 'HEAD~1', workdir: root });
    expect(result.projects.map((p) => p.stacks)).toEqual([
      [
        {
          name: 'api',
          path: 'billing/api',
          reasons: ['@kusion/module-service 1.0.0 → 1.1.0 (package-lock.json)'],
        },
      ],
    ]);
    await commitChange(
      'package-lock.json',
      lock({ '@kusion/module-service': '1.1.0', 'left-pad': '1.3.0' }),
    );
    expect(await touched()).toEqual([]);
  });

  it('counts project.yaml for every stack of the project, and uncommitted and untracked files too', async () => {
    await write('shop/project.yaml', 'name: shop\ndescription: changed\n');
    expect(await touched('HEAD')).toEqual(['shop/dev', 'shop/dev-eu', 'shop/prod']);
    git('checkout', '--', 'shop/project.yaml');
    await write('billing/jobs/extra.yaml', 'x: 1\n');
    expect(await touched('HEAD')).toEqual(['billing/jobs']);
    expect(await touched('HEAD', join(root, 'shop'))).toEqual([]);
  });

  it('refuses a ref git does not know, saying what was received', async () => {
    const error = await affectedStacks({ since: 'no-such-branch', workdir: root }).catch(
      (e: unknown) => e,
    );
    expect(isKusionError(error) && error.message).toBe(
      'invalid value "no-such-branch" for --since: no such commit',
    );
  });
});
