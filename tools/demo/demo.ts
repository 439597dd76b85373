/**
 * The README's demo: create (or update) the `dev` workspace in the local backend, preview and
 * deploy the quickstart example with the built CLI, as a user would.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'packages', 'cli', 'bin', 'run.js');
const project = join(root, 'examples', 'quickstart');
const workspaceFile = join(root, 'workspaces', 'dev.yaml');

function kusion(args: string[], options: { allowFailure?: boolean } = {}): number {
  console.log(`\n$ kusion ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: join(project, 'dev'),
    stdio: 'inherit',
  });
  const status = result.status ?? 1;
  if (status !== 0 && !options.allowFailure) process.exit(status);
  return status;
}

const exists =
  spawnSync(process.execPath, [cli, 'workspace', 'show', 'dev'], { stdio: 'ignore' }).status === 0;
kusion(['workspace', exists ? 'update' : 'create', 'dev', '-f', workspaceFile]);
kusion(['preview', '--workspace', 'dev']);
kusion(['deploy', '--workspace', 'dev', '--yes']);
kusion(['release', 'list', '--workspace', 'dev']);
console.log(
  `\nThe "cloud" is in ${join(project, '.kusion', 'test-cloud')}; try \`kusion drift\` after editing a file there.`,
);
