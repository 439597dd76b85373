/**
 * A provider started with `kusion provider init`, as someone outside this repository would: it
 * builds and passes the conformance kit in its own folder, is packed with `npm pack`, installed
 * from the tarball into a scratch project, passes the conformance kit there, and deploys with the
 * CLI. npm installs the published tools (typescript, vitest) from the registry or its cache, and
 * our packages from their tarballs.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployOk, expectExit } from './support/expectations.ts';
import { childEnv } from './support/install.ts';
import { installed, runKusion } from './support/kusion.ts';
import { createProject } from './support/project.ts';
import { toYaml } from './support/yaml.ts';

function sh(command: string, args: readonly string[], cwd: string): Promise<string> {
  const { nodeDir } = installed();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...childEnv(nodeDir), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else
        reject(
          new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${String(code)}\n${output}`),
        );
    });
  });
}

const npmInstall = (cwd: string, ...specs: string[]) =>
  sh(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs],
    cwd,
  );

const tarball = (name: string): string => {
  const found = installed().tarballs.find((path) => path.includes(`kusion-${name}-`));
  if (!found) throw new Error(`no tarball of @kusion/${name}`);
  return found;
};

describe('kusion provider init', () => {
  it('scaffolds a provider that builds, passes the conformance kit, packs, installs from the tarball and deploys', async () => {
    const project = await createProject({ resources: [] });
    const workdir = join(project.root, '..');
    const init = await runKusion(['provider', 'init', 'acme', '--json'], {
      cwd: workdir,
      kusionHome: project.kusionHome,
    });
    expectExit(init, 0);
    const { dir, packageName } = init.json<{ dir: string; packageName: string }>();
    expect(packageName).toBe('kusion-provider-acme');

    // In its own folder: install, the conformance kit against the fake, pack (prepack builds).
    await npmInstall(dir, tarball('sdk'), tarball('testkit'));
    const tested = await sh('npm', ['test', '--', '--reporter=verbose'], dir);
    expect(tested).toContain('provider conformance (resource): acme (in-memory fake)');
    expect(tested).toMatch(/Tests\s+11 passed \(11\)/);
    const packed = await sh('npm', ['pack', '--json', '--loglevel=error'], dir);
    const [report] = JSON.parse(packed.slice(packed.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    expect(report?.files.map((file) => file.path)).toContain('dist/index.js');
    const providerTarball = join(dir, report?.filename ?? '');

    // In a user's project: install the tarball, run the conformance kit against the installed package.
    await writeFile(
      join(project.root, 'package.json'),
      JSON.stringify({ name: 'shop', private: true, type: 'module' }),
    );
    await npmInstall(
      project.root,
      providerTarball,
      tarball('sdk'),
      tarball('testkit'),
      'vitest@4.1.12',
    );
    await writeFile(
      join(project.root, 'acme.conformance.test.ts'),
      `import { silentIoHost } from '@kusion/sdk';
import { describeProviderConformance } from '@kusion/testkit/conformance';
import acme, { createAcmeProvider } from 'kusion-provider-acme';

const context = { project: 'p', stack: 's', workspace: 'w', projectDir: process.cwd() };
let n = 0;
if (acme.name !== 'provider-acme') throw new Error('not the plugin');
describeProviderConformance({
  name: 'installed kusion-provider-acme',
  context,
  createProvider: async () => createAcmeProvider({ settings: {}, context, io: silentIoHost, signal: new AbortController().signal }),
  fixtures: () => {
    const id = 'acme:x' + ++n;
    const base = { region: 'eu-1', size: 1, credentials: { token: 'e2e-acme-token' } };
    const extensions = { sensitivePaths: ['credentials.token'] };
    return {
      create: { id, type: 'Acme', attributes: base, extensions },
      update: { id, type: 'Acme', attributes: { ...base, size: 2 }, extensions },
      replace: { id, type: 'Acme', attributes: { ...base, region: 'us-1' }, extensions },
    };
  },
  identityPath: 'id',
});
`,
    );
    const conformance = await sh(
      join(project.root, 'node_modules', '.bin', 'vitest'),
      ['run', '--reporter=verbose'],
      project.root,
    );
    expect(conformance).toContain('installed kusion-provider-acme');
    expect(conformance).toMatch(/Tests\s+11 passed \(11\)/);

    // And with the CLI: a workspace names the package; the fake keeps its objects in a file.
    const workspace = join(project.root, 'workspaces', 'acme.yaml');
    await writeFile(
      workspace,
      toYaml({
        providers: { acme: { package: 'kusion-provider-acme', stateFile: './acme-cloud.json' } },
      }),
    );
    expectExit(await project.run(['workspace', 'create', 'dev', '-f', workspace]), 0);
    await project.writeMainYaml(
      toYaml({
        resources: [
          { id: 'acme:web', type: 'Acme', attributes: { name: 'web', region: 'eu-1', size: 1 } },
          { id: 'acme:db', type: 'Acme', attributes: { name: 'db', region: 'eu-1', size: 2 } },
        ],
      }),
    );
    const deployed = await deployOk(project);
    expect(deployed.summary.create).toBe(2);
    const cloud = JSON.parse(
      await readFile(join(project.root, 'acme-cloud.json'), 'utf8'),
    ) as Record<string, { id: string }>;
    expect(Object.keys(cloud).sort()).toEqual(['acme:db', 'acme:web']);
    expectExit(await project.run(['preview', '--exit-code']), 0);
  }, 300_000);
});
