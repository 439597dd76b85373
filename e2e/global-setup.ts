/**
 * Installs kusion the way a user does: the tarballs `npm run pack` writes (every public package,
 * checked), `npm install`ed into an empty temporary folder. Tests get the installed `kusion`
 * binary through `inject('kusion')`; nothing is cached in the repository.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPublicPackages } from '@kusion/packaging';
import type { TestProject } from 'vitest/node';
import { childEnv } from './test/support/install.ts';
import type { KusionInstall } from './test/support/install.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'kusion-e2e-'));
  const tarballDir = join(root, 'tarballs');
  const installDir = join(root, 'install');
  const projectsDir = join(root, 'projects');
  await Promise.all([mkdir(tarballDir), mkdir(installDir), mkdir(projectsDir)]);

  // The CLI needs Node 22; vitest runs on it, so its node comes first on every child's PATH.
  const nodeDir = dirname(process.execPath);
  const env = childEnv(nodeDir);

  const packStarted = performance.now();
  const packed = await packPublicPackages({ repoRoot, destination: tarballDir, env });
  const tarballs = packed.map((pkg) => pkg.tarball);
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
    `[e2e] packed ${packed.length} packages in ${Math.round(packMs)} ms, installed in ${Math.round(installMs)} ms (${installDir}, node ${process.version})`,
  );

  const install: KusionInstall = {
    bin,
    installDir,
    nodeDir,
    projectsDir,
    tarballs,
    packMs,
    installMs,
  };
  project.provide('kusion', install);

  return async () => {
    if (process.env.KUSION_E2E_KEEP) {
      console.log(`[e2e] kept ${root} (KUSION_E2E_KEEP is set)`);
      return;
    }
    await rm(root, { recursive: true, force: true });
  };
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
