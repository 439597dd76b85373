/**
 * The README's demo: preview and deploy the quickstart example with the built CLI, as a user
 * would, in a backend of its own (examples/quickstart/.kusion/home) so that it never touches the
 * workspaces of ~/.kusion — the Quickstart that follows creates its own `dev` there.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'packages', 'cli', 'bin', 'run.js');
const project = join(root, 'examples', 'quickstart');
const stackDir = join(project, 'dev');
const kusionHome = join(project, '.kusion', 'home');
const workspaceFile = join(root, 'workspaces', 'dev.yaml');
mkdirSync(kusionHome, { recursive: true });
const env = { ...process.env, KUSION_HOME: kusionHome };

function kusion(args: string[]): void {
  console.log(`\n$ kusion ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: stackDir,
    stdio: 'inherit',
    env,
  });
  const status = result.status ?? 1;
  if (status !== 0) process.exit(status);
}

const exists =
  spawnSync(process.execPath, [cli, 'workspace', 'show', 'dev'], { stdio: 'ignore', env })
    .status === 0;
kusion(['workspace', exists ? 'update' : 'create', 'dev', '-f', relative(stackDir, workspaceFile)]);
kusion(['preview']);
kusion(['deploy', '--yes']);
kusion(['release', 'list']);
const shown = (path: string): string => relative(process.cwd(), path) || '.';
console.log(`
The "cloud" is ${shown(join(project, '.kusion', 'test-cloud'))}/: one JSON file per resource. Edit one, then:
  cd ${shown(stackDir)} && KUSION_HOME=../.kusion/home kusion drift
(this demo keeps its workspace in ${shown(kusionHome)}, apart from your ~/.kusion)`);
