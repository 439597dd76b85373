// `kusion deploy` against `kubectl apply --server-side` on the same 300 objects, against one real
// kube-apiserver this script starts and stops: wall-clock time of whole processes (create,
// unchanged re-apply, update of every object), and the API requests each tool makes per object,
// counted by a TLS-terminating proxy between the tool and the apiserver.
//
//   node tools/bench/kubernetes-vs-kubectl/main.ts [--repeat 3] [--namespaces 10] [--json]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startKubeApiserver } from '@kusion/test-peers';
import { check, median, progress, runQuiet } from '../engine-vs-terraform/timing.ts';
import { checkDeployed, countWritten, snapshotSet } from './cluster-check.ts';
import type { ClusterSnapshot } from './cluster-check.ts';
import { startCountingProxy } from '@kusion/test-peers';
import type { CountingProxy, RequestCounts } from '@kusion/test-peers';
import { createDeployer, OPERATIONS, REVISION_OF, TOOLS } from './deployers.ts';
import type { Operation, Tool } from './deployers.ts';
import { OBJECTS_PER_NAMESPACE } from './manifests.ts';
import { describeMachine, renderResults, resultsJson } from './report.ts';
import type { Results } from './report.ts';
import { defaultScratchDir } from '../engine-vs-terraform/scratch-dir.ts';
import { runTimed } from '../engine-vs-terraform/timing.ts';

const USAGE = `usage: node tools/bench/kubernetes-vs-kubectl/main.ts [--repeat 3] [--namespaces 10]
  [--controller-manager] [--json] [--dir PATH (default: /dev/shm when writable)] [--keep]`;

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(repository, 'packages/cli/bin/run.js');

interface Options {
  readonly repeat: number;
  readonly namespaces: number;
  readonly controllerManager: boolean;
  readonly json: boolean;
  readonly dir: string;
  readonly keep: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      repeat: { type: 'string', default: '3' },
      namespaces: { type: 'string', default: '10' },
      'controller-manager': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      dir: { type: 'string', default: defaultScratchDir() },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const repeat = Number(values.repeat);
  const namespaces = Number(values.namespaces);
  const problems = [
    ...(Number.isInteger(repeat) && repeat >= 1 ? [] : [`bad --repeat ${values.repeat}`]),
    ...(Number.isInteger(namespaces) && namespaces >= 1
      ? []
      : [`bad --namespaces ${values.namespaces}`]),
  ];
  if (problems.length) throw new Error(`${problems.join('; ')}\n${USAGE}`);
  return {
    repeat,
    namespaces,
    controllerManager: values['controller-manager'],
    json: values.json,
    dir: values.dir,
    keep: values.keep,
  };
}

function checkBuilt(): void {
  for (const file of ['packages/cli/dist', 'plugins/provider-kubernetes/dist/index.js'])
    if (!existsSync(join(repository, file)))
      throw new Error(`${file} is missing: build first (npx nx run-many -t build)`);
}

interface Context {
  readonly options: Options;
  readonly root: string;
  readonly kubeconfigPath: string;
  readonly kubectlCacheDir: string;
}

/**
 * Create, unchanged re-apply and update of one fresh set of objects with one tool; each deploy is
 * checked against the cluster. `around` wraps each deploy (the request counter uses it).
 */
async function deploySet(
  context: Context,
  tool: Tool,
  set: string,
  kubeconfigPath: string,
  around: (operation: Operation, deploy: () => Promise<number>) => Promise<void>,
): Promise<void> {
  const { options } = context;
  const dir = join(context.root, set);
  const deployer = await createDeployer({
    tool,
    set,
    namespaceCount: options.namespaces,
    kubeconfigPath,
    dir,
    kubectlCacheDir: context.kubectlCacheDir,
  });
  const snapshot = (step: string): Promise<ClusterSnapshot> =>
    snapshotSet(
      set,
      context.kubeconfigPath,
      context.kubectlCacheDir,
      join(dir, 'logs', `get-${step}`),
    );
  let before = await snapshot('initial');
  check(before.size === 0, `${set}: no object of the set exists before its create`);
  for (const operation of OPERATIONS) {
    await around(operation, () => deployer.deploy(operation));
    const after = await snapshot(operation);
    checkDeployed(after, set, options.namespaces, REVISION_OF[operation]);
    const written = countWritten(before, after);
    // Controllers write status (Deployments) and token references (ServiceAccounts): only an
    // apiserver without them says exactly which objects the tool wrote.
    if (!options.controllerManager) {
      const expected = operation === 'unchanged' ? 0 : after.size;
      check(written === expected, `${set} ${operation}: ${expected} objects written (${written})`);
    }
    before = after;
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  checkBuilt();
  const root = mkdtempSync(join(options.dir, 'kusion-bench-kube-'));
  progress(`Working in ${root}; starting kube-apiserver ...`);
  const kube = await startKubeApiserver({
    withControllerManager: options.controllerManager,
    dir: join(root, 'kube'),
  });
  let proxy: CountingProxy | undefined;
  try {
    const context: Context = {
      options,
      root,
      kubeconfigPath: kube.kubeconfigPath,
      kubectlCacheDir: join(root, 'kubectl-cache'),
    };
    const kubectlVersion = JSON.parse(
      await runQuiet('kubectl', ['version', '--client', '-o', 'json'], {
        cwd: root,
        env: process.env,
        logPrefix: join(root, 'kubectl-version'),
        label: 'kubectl version',
      }),
    ) as { clientVersion?: { gitVersion?: string } };
    const objects = options.namespaces * OBJECTS_PER_NAMESPACE;

    // Untimed warm-up of each tool on one namespace: page cache, kubectl's discovery cache.
    progress('Warming up both tools (one namespace each, not measured)');
    for (const tool of TOOLS) await deploySetWithNamespaces(context, tool, `warmup-${tool}`, 1);

    const samples = Object.fromEntries(
      TOOLS.map((tool) => [tool, Object.fromEntries(OPERATIONS.map((op) => [op, [] as number[]]))]),
    ) as Record<Tool, Record<Operation, number[]>>;
    const fixedCosts = Object.fromEntries(TOOLS.map((tool) => [tool, [] as number[]])) as Record<
      Tool,
      number[]
    >;
    progress('Start-up: node -e 0 against kusion --version');
    const startup = await timeStartup(root);
    for (let run = 1; run <= options.repeat; run++) {
      const order: readonly Tool[] = run % 2 ? TOOLS : [...TOOLS].reverse();
      for (const tool of order) {
        progress(`Run ${run}/${options.repeat}: ${tool}, ${objects} objects`);
        fixedCosts[tool].push(await timeFixedCost(context, tool, `fixed-${tool}-r${run}`));
        await deploySet(
          context,
          tool,
          `${tool}-r${run}`,
          kube.kubeconfigPath,
          async (op, deploy) => {
            samples[tool][op].push(await deploy());
          },
        );
      }
    }

    progress('Counting API requests through the proxy');
    proxy = await startCountingProxy(kube, root);
    const counting = proxy;
    const requests = {} as Record<Tool, Record<Operation, RequestCounts>>;
    for (const tool of TOOLS) {
      const counts = {} as Record<Operation, RequestCounts>;
      await deploySet(
        context,
        tool,
        `${tool}-count`,
        counting.kubeconfigPath,
        async (op, deploy) => {
          counting.reset();
          await deploy();
          counts[op] = counting.counts();
        },
      );
      requests[tool] = counts;
    }

    const results: Results = {
      machine: describeMachine(
        kubectlVersion.clientVersion?.gitVersion ?? 'unknown',
        options.controllerManager,
      ),
      objects,
      namespaces: options.namespaces,
      repeat: options.repeat,
      seconds: Object.fromEntries(
        TOOLS.map((tool) => [
          tool,
          Object.fromEntries(OPERATIONS.map((op) => [op, median(samples[tool][op])])),
        ]),
      ) as Results['seconds'],
      fixedCostSeconds: Object.fromEntries(
        TOOLS.map((tool) => [tool, median(fixedCosts[tool])]),
      ) as Results['fixedCostSeconds'],
      startupSeconds: startup,
      requests,
    };
    console.log(options.json ? resultsJson(results) : renderResults(results));
  } finally {
    await proxy?.close();
    await kube.stop();
  }
  if (!options.keep) rmSync(root, { recursive: true, force: true });
  else progress(`Kept ${root}`);
}

/** Start-up: bare Node against `kusion --version`, each a whole process, median of 15. */
async function timeStartup(root: string): Promise<Results['startupSeconds']> {
  const timed = async (command: string, args: readonly string[]): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < 15; i++) {
      const run = await runTimed(command, [...args], {
        cwd: root,
        env: process.env,
        logPrefix: join(root, 'startup'),
        label: `${command} ${args.join(' ')}`,
      });
      samples.push(run.seconds);
    }
    return median(samples);
  };
  return {
    node: await timed(process.execPath, ['-e', '0']),
    kusion: await timed(process.execPath, [CLI, '--version']),
  };
}

/** The fixed cost of one run: a deploy creating a single object (a Namespace). */
async function timeFixedCost(context: Context, tool: Tool, set: string): Promise<number> {
  const deployer = await createDeployer({
    tool,
    set,
    namespaceCount: 1,
    kubeconfigPath: context.kubeconfigPath,
    dir: join(context.root, set),
    kubectlCacheDir: context.kubectlCacheDir,
    isNamespacesOnly: true,
  });
  return deployer.deploy('create');
}

/** A set with its own number of namespaces (the warm-up uses one). */
function deploySetWithNamespaces(
  context: Context,
  tool: Tool,
  set: string,
  namespaces: number,
): Promise<void> {
  const narrowed: Context = { ...context, options: { ...context.options, namespaces } };
  return deploySet(narrowed, tool, set, context.kubeconfigPath, async (_, deploy) => {
    await deploy();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
