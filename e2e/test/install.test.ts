/**
 * The tarballs of `npm run pack` install anywhere: `npm install -g --prefix <empty folder>` gives a
 * working `kusion` with only public dependencies, and it deploys a `main.ts` project that lives
 * outside the repository and has no node_modules of its own (`@kusion/sdk` then comes from the
 * CLI's installation).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from './support/install.ts';
import { installed } from './support/kusion.ts';

interface Run {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly transcript: string;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      resolve({
        exitCode,
        stdout,
        stderr,
        transcript: `$ ${command} ${args.join(' ')}\nexit ${String(exitCode)}\n${stdout}\n${stderr}`,
      });
    });
  });
}

const MAIN_TS = `import { defineStack, kusionPath } from '@kusion/sdk';

export default defineStack({
  resources: [
    { id: 'test:database', type: 'Test', attributes: { engine: 'postgres' } },
    { id: 'test:app', type: 'Test', attributes: { databaseId: kusionPath('test:database', 'uid') } },
  ],
});
`;

describe('npm install -g of the packed tarballs', () => {
  let prefix: string;
  let kusion: string;
  let env: NodeJS.ProcessEnv;
  let project: string;

  beforeAll(async () => {
    const { projectsDir, nodeDir, tarballs } = installed();
    const scratch = await mkdtemp(join(projectsDir, 'global-'));
    prefix = join(scratch, 'prefix');
    await mkdir(prefix);
    env = { ...childEnv(nodeDir), KUSION_HOME: join(scratch, 'kusion-home'), NO_COLOR: '1' };
    const install = await run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        ...tarballs,
      ],
      scratch,
      env,
    );
    expect(install.exitCode, install.transcript).toBe(0);
    kusion = join(prefix, 'bin', 'kusion');

    // A user's project: not under the repository, no package.json, no node_modules.
    project = join(scratch, 'shop');
    await mkdir(join(project, 'dev'), { recursive: true });
    await mkdir(join(project, 'workspaces'));
    await writeFile(join(project, 'project.yaml'), 'name: shop\n');
    await writeFile(join(project, 'dev', 'stack.yaml'), 'name: dev\n');
    await writeFile(join(project, 'dev', 'main.ts'), MAIN_TS);
    await writeFile(
      join(project, 'workspaces', 'dev.yaml'),
      'providers:\n  test:\n    package: "@kusion/testkit"\n    dir: .kusion/test-cloud\n',
    );
  }, 300_000);

  it('installs only what the tarballs and the public registry hold, and kusion --version runs on Node 22', async () => {
    const installedKusion = await readdir(join(prefix, 'lib', 'node_modules', '@kusion'));
    expect(installedKusion.sort()).toEqual(
      expect.arrayContaining(['backend-kit', 'cli', 'core', 'sdk', 'testkit']),
    );
    const version = await run(kusion, ['--version'], project, env);
    expect(version.exitCode, version.transcript).toBe(0);
    expect(version.stdout).toMatch(
      new RegExp(`^@kusion/cli/0\\.1\\.0 \\S+ node-${process.version}$`, 'm'),
    );
  });

  it('deploys a main.ts project outside the repository with the test provider', async () => {
    const stack = join(project, 'dev');
    const create = await run(
      kusion,
      ['workspace', 'create', 'dev', '-f', '../workspaces/dev.yaml'],
      stack,
      env,
    );
    expect(create.exitCode, create.transcript).toBe(0);
    const deploy = await run(kusion, ['deploy', '--yes', '--json'], stack, env);
    expect(deploy.exitCode, deploy.transcript).toBe(0);
    expect(JSON.parse(deploy.stdout)).toMatchObject({
      status: 'succeeded',
      revision: 1,
      summary: { create: 2 },
    });
    // The provider's relative dir is resolved against the project folder; one JSON file per resource.
    const cloud = join(project, '.kusion', 'test-cloud');
    const read = async (id: string): Promise<Record<string, unknown>> =>
      JSON.parse(await readFile(join(cloud, `${encodeURIComponent(id)}.json`), 'utf8')) as Record<
        string,
        unknown
      >;
    expect((await read('test:app')).databaseId).toBe((await read('test:database')).uid);
  });

  it('names a package main.ts imports but nobody installed, in one line with the command that installs it', async () => {
    const stack = join(project, 'broken');
    await mkdir(stack);
    await writeFile(join(stack, 'stack.yaml'), 'name: broken\n');
    await writeFile(
      join(stack, 'main.ts'),
      `import pad from 'left-pad';\n${MAIN_TS.replace("'test:app'", 'pad("test:app", 8)')}`,
    );
    const preview = await run(kusion, ['preview', '-W', 'dev'], stack, env);
    expect(preview.exitCode, preview.transcript).toBe(1);
    expect(preview.stderr).toMatch(
      /^Error \[CONFIG_INVALID\]: main\.ts(:\d+:\d+)?: cannot find module "left-pad"$/m,
    );
    expect(preview.stderr).toMatch(/^Hint: install it in the project: npm install left-pad$/m);
    expect(preview.stderr).not.toContain('Require stack');
  });
});
