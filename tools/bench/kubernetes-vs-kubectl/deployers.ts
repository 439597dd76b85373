// The two tools, each deploying one set of objects as a user would: `kusion deploy --yes
// --no-watch` in a project whose workspace names the kubeconfig, and `kubectl apply --server-side
// -f` of one file. Writing files and creating the workspace are set-up, not timed; each deploy is
// timed as a whole process and checked (what the tool says it did, then the cluster itself).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, runQuiet, runTimed } from '../engine-vs-terraform/timing.ts';
import type { RunOptions } from '../engine-vs-terraform/timing.ts';
import { buildManifests, renderKubectlStream, renderKusionSpec } from './manifests.ts';

const CLI = fileURLToPath(new URL('../../../packages/cli/bin/run.js', import.meta.url));

/** `kusion-skip` is `kusion deploy --skip-preview`: apply without a dry run per object. */
export const TOOLS = ['kusion', 'kubectl', 'kusion-skip'] as const;
export type Tool = (typeof TOOLS)[number];

/** The three deploys measured, in the order they run on one set of objects. */
export const OPERATIONS = ['create', 'unchanged', 'update'] as const;
export type Operation = (typeof OPERATIONS)[number];
/** The revision of the manifests each operation deploys: the update is revision 2. */
export const REVISION_OF: Readonly<Record<Operation, number>> = {
  create: 1,
  unchanged: 1,
  update: 2,
};

export interface Deployer {
  /** Deploys the manifests of `operation`'s revision; answers the process's wall-clock seconds. */
  deploy(operation: Operation): Promise<number>;
}

export interface DeployerOptions {
  readonly tool: Tool;
  /** The set of objects (and the prefix of its namespaces), e.g. `kusion-r1`. */
  readonly set: string;
  readonly namespaceCount: number;
  readonly kubeconfigPath: string;
  /** Where the project or manifests, and the logs, go. */
  readonly dir: string;
  /** kubectl's discovery cache. */
  readonly kubectlCacheDir: string;
  /** Only the Namespaces (to time the fixed cost of a run). */
  readonly isNamespacesOnly?: boolean;
}

export async function createDeployer(options: DeployerOptions): Promise<Deployer> {
  mkdirSync(join(options.dir, 'logs'), { recursive: true });
  return options.tool === 'kubectl'
    ? createKubectlDeployer(options)
    : createKusionDeployer(options);
}

function runOptions(
  options: DeployerOptions,
  step: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): RunOptions {
  return {
    cwd,
    env,
    logPrefix: join(options.dir, 'logs', step),
    label: `${options.set} ${options.tool} ${step}`,
  };
}

async function createKusionDeployer(options: DeployerOptions): Promise<Deployer> {
  const project = join(options.dir, 'project');
  const stack = join(project, 'dev');
  mkdirSync(stack, { recursive: true });
  writeFileSync(join(project, 'project.yaml'), `name: ${options.set}\n`);
  writeFileSync(join(stack, 'stack.yaml'), 'name: dev\n');
  writeFileSync(join(stack, 'main.yaml'), 'resources: []\n');
  writeFileSync(
    join(project, 'workspace.yaml'),
    `providers:\n  kubernetes:\n    kubeconfig: ${JSON.stringify(options.kubeconfigPath)}\n`,
  );
  const env = { ...process.env, KUSION_HOME: join(options.dir, 'home'), NO_COLOR: '1' };
  // The first workspace becomes the current one.
  await runQuiet(
    process.execPath,
    [CLI, 'workspace', 'create', 'dev', '-f', 'workspace.yaml'],
    runOptions(options, 'workspace-create', project, env),
  );
  return {
    async deploy(operation) {
      const manifests = buildManifests(
        options.set,
        options.namespaceCount,
        REVISION_OF[operation],
        options.isNamespacesOnly,
      );
      writeFileSync(join(stack, 'main.yaml'), renderKusionSpec(manifests));
      const skips = options.tool === 'kusion-skip' ? ['--skip-preview'] : [];
      const run = await runTimed(
        process.execPath,
        [CLI, 'deploy', '--yes', '--no-watch', '--json', ...skips],
        runOptions(options, operation, stack, env),
      );
      const result = JSON.parse(run.stdout) as {
        status?: string;
        summary?: Record<string, number>;
      };
      const expected = { create: 'create', unchanged: 'unchanged', update: 'update' }[operation];
      check(
        result.status === 'succeeded',
        `${options.tool} ${operation}: status ${String(result.status)}`,
      );
      check(
        result.summary?.[expected] === manifests.length,
        `${options.tool} ${operation}: ${manifests.length} ${expected}d (${JSON.stringify(result.summary)})`,
      );
      return run.seconds;
    },
  };
}

async function createKubectlDeployer(options: DeployerOptions): Promise<Deployer> {
  const env = { ...process.env, KUBECONFIG: options.kubeconfigPath };
  return Promise.resolve({
    async deploy(operation) {
      const manifests = buildManifests(
        options.set,
        options.namespaceCount,
        REVISION_OF[operation],
        options.isNamespacesOnly,
      );
      const file = join(options.dir, `manifests-r${REVISION_OF[operation]}.yaml`);
      writeFileSync(file, renderKubectlStream(manifests));
      const run = await runTimed(
        'kubectl',
        ['--cache-dir', options.kubectlCacheDir, 'apply', '--server-side', '-f', file],
        runOptions(options, operation, options.dir, env),
      );
      const applied = run.stdout.split('\n').filter((line) => line.endsWith(' serverside-applied'));
      check(
        applied.length === manifests.length,
        `kubectl ${operation}: ${manifests.length} objects applied (${applied.length})`,
      );
      return run.seconds;
    },
  });
}
