/**
 * Installs kusion the way a user does: `npm pack` each published package from its built folder,
 * then `npm install` the tarballs into an empty temporary folder. Tests get the installed
 * `kusion` binary through `inject('kusion')`; nothing is cached in the repository.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { childEnv } from './test/support/install.ts';
import type { KusionInstall } from './test/support/install.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The published packages a user installs, by folder; the order does not matter to npm. */
const PACKAGES = [
  { name: '@kusion/sdk', dir: 'packages/sdk', built: ['dist/index.js'] },
  { name: '@kusion/backend-kit', dir: 'packages/backend-kit', built: ['dist/index.js'] },
  { name: '@kusion/core', dir: 'packages/core', built: ['dist/index.js'] },
  {
    name: '@kusion/cli',
    dir: 'packages/cli',
    built: ['dist/base-command.js', 'oclif.manifest.json'],
  },
  { name: '@kusion/testkit', dir: 'packages/testkit', built: ['dist/index.js'] },
  { name: '@kusion/backend-s3', dir: 'plugins/backend-s3', built: ['dist/index.js'] },
  {
    name: '@kusion/provider-kubernetes',
    dir: 'plugins/provider-kubernetes',
    built: ['dist/index.js'],
  },
  { name: '@kusion/provider-aws', dir: 'plugins/provider-aws', built: ['dist/index.js'] },
] as const;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await checkBuilt();
  const root = await mkdtemp(join(tmpdir(), 'kusion-e2e-'));
  const tarballDir = join(root, 'tarballs');
  const installDir = join(root, 'install');
  const projectsDir = join(root, 'projects');
  await Promise.all([mkdir(tarballDir), mkdir(installDir), mkdir(projectsDir)]);

  // The CLI needs Node 22; vitest runs on it, so its node comes first on every child's PATH.
  const nodeDir = dirname(process.execPath);
  const env = childEnv(nodeDir);

  const packStarted = performance.now();
  const tarballs = await Promise.all(
    PACKAGES.map((pkg) => pack(join(repoRoot, pkg.dir), tarballDir, env)),
  );
  const packMs = performance.now() - packStarted;

  const installStarted = performance.now();
  await writeFile(
    join(installDir, 'package.json'),
    `${JSON.stringify({ name: 'kusion-e2e-user', private: true }, null, 2)}\n`,
  );
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs],
    installDir,
    env,
  );
  const installMs = performance.now() - installStarted;

  const bin = join(installDir, 'node_modules', '.bin', 'kusion');
  await access(bin).catch(() => {
    throw new Error(
      `npm install did not create ${bin}: is "bin" still declared in packages/cli/package.json?`,
    );
  });
  console.log(
    `[e2e] packed ${PACKAGES.length} packages in ${Math.round(packMs)} ms, installed in ${Math.round(installMs)} ms (${installDir}, node ${process.version})`,
  );

  const install: KusionInstall = { bin, installDir, nodeDir, projectsDir, packMs, installMs };
  project.provide('kusion', install);

  return async () => {
    if (process.env.KUSION_E2E_KEEP) {
      console.log(`[e2e] kept ${root} (KUSION_E2E_KEEP is set)`);
      return;
    }
    await rm(root, { recursive: true, force: true });
  };
}

async function checkBuilt(): Promise<void> {
  const missing: string[] = [];
  for (const pkg of PACKAGES) {
    for (const file of pkg.built) {
      const path = join(repoRoot, pkg.dir, file);
      if (
        !(await access(path).then(
          () => true,
          () => false,
        ))
      )
        missing.push(`${pkg.name}: ${join(pkg.dir, file)}`);
    }
  }
  if (missing.length) {
    throw new Error(
      `the packages are not built (missing ${missing.join(', ')}): run \`npx nx run-many -t build\` first, or \`npx nx run @kusion/e2e:test\``,
    );
  }
}

/** Packs one package folder; answers the tarball's path. */
async function pack(
  packageDir: string,
  destination: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const stdout = await run(
    'npm',
    ['pack', '--pack-destination', destination, '--json', '--loglevel=error'],
    packageDir,
    env,
  );
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack in ${packageDir} printed no tarball: ${stdout}`);
  // Scoped names pack as `kusion-cli-0.1.0.tgz`; npm reports the file name it wrote.
  return join(destination, packed.filename.replace(/^@/, '').replace('/', '-'));
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(stdout);
      else
        reject(
          new Error(
            `\`${command} ${args.join(' ')}\` in ${cwd} exited ${String(code)}\n${stderr}${stdout}`,
          ),
        );
    });
  });
}
