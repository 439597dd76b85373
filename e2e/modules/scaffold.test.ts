/**
 * `kusion mod init` as a platform engineer uses it: scaffold a module package, install its
 * development dependencies (our sdk and testkit from the packed tarballs, the rest from npm), pack
 * it with `npm pack`, install the tarball into a scratch project, and `kusion generate` there uses
 * it. The scaffold's own test runs the module test kit, `@kusion/testkit/modules`, which the
 * catalog branch brings: without it that test is skipped, saying so.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../test/support/install.ts';
import { expectExit } from '../test/support/expectations.ts';
import { installed, runKusion } from '../test/support/kusion.ts';
import { createProject } from '../test/support/project.ts';

const run = promisify(execFile);

function tarball(name: string): string {
  const found = installed().tarballs.find((path) => path.includes(`/${name}-`));
  if (!found) throw new Error(`no tarball of ${name} among ${installed().tarballs.join(', ')}`);
  return found;
}

/** `npm <args>` in `cwd`, on the tests' Node 22, with output kept for a failure's message. */
async function npm(args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd,
      env: childEnv(installed().nodeDir),
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} in ${cwd} failed:\n${stderr}${stdout}`);
  }
}

let packageDir: string;
let kusionHome: string;

beforeAll(async () => {
  const dir = await mkdtemp(join(installed().projectsDir, 'mod-init-'));
  kusionHome = join(dir, 'kusion-home');
  const init = await runKusion(['mod', 'init', 'redis', '--json'], { cwd: dir, kusionHome });
  expectExit(init, 0);
  packageDir = init.json<{ packageDir: string }>().packageDir;
  expect(packageDir).toBe(join(dir, 'kusion-module-redis'));
  // Our packages are not on the registry: the tarballs stand in for it.
  await npm(
    ['install', '--prefer-offline', '--save-dev', tarball('kusion-sdk'), tarball('kusion-testkit')],
    packageDir,
  );
}, 300_000);

describe('kusion mod init', () => {
  it('packs, installs from the tarball into a project, and generates there', async () => {
    await npm(['pack'], packageDir);
    const packed = (await readdir(packageDir)).filter((file) => file.endsWith('.tgz'));
    expect(packed).toEqual(['kusion-module-redis-0.1.0.tgz']);

    const project = await createProject({ name: 'shop' });
    await project.writeMainYaml(
      'apps:\n  shop:\n    accessories:\n      cache: { module: redis, size: large }\n',
    );
    await npm(
      ['install', '--prefer-offline', tarball('kusion-sdk'), join(packageDir, packed[0] ?? '')],
      project.root,
    );
    const file = await project.writeWorkspaceFile(
      'dev',
      {},
      {
        modules: {
          redis: {
            package: 'kusion-module-redis',
            version: '^0.1.0',
            configs: { default: { defaultSize: 'medium' } },
          },
        },
      },
    );
    expectExit(await project.run(['workspace', 'create', 'dev', '-f', file]), 0);
    const generated = await project.run(['generate', '--json']);
    expectExit(generated, 0);
    const spec = generated.json<{ resources: { id: string; attributes: unknown }[] }>();
    expect(spec.resources.map((r) => r.id)).toEqual([
      'v1:Namespace:shop',
      'v1:ConfigMap:shop:shop-cache',
    ]);
    expect(spec.resources[1]?.attributes).toMatchObject({ data: { size: 'large' } });

    const list = await project.run(['mod', 'list', '--json']);
    expect(list.json<{ modules: unknown[] }>().modules).toEqual([
      expect.objectContaining({
        name: 'redis',
        package: 'kusion-module-redis',
        installedVersion: '0.1.0',
        versionRange: '^0.1.0',
      }),
    ]);
  }, 300_000);

  it('passes its own test, with the module test kit, as written', async (context) => {
    const testkit = JSON.parse(
      await readFile(
        join(packageDir, 'node_modules', '@kusion', 'testkit', 'package.json'),
        'utf8',
      ),
    ) as { exports?: Record<string, unknown> };
    if (!testkit.exports?.['./modules']) {
      context.skip(
        '@kusion/testkit/modules is not in this build (it comes with the catalog branch)',
      );
    }
    const output = await npm(['test'], packageDir);
    // eslint-disable-next-line no-control-regex -- vitest colours its summary
    expect(output.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/Tests\s+2 passed/);
  }, 300_000);
});
