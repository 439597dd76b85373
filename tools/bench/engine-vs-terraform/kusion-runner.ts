// Runs kusion as a user would: the built CLI in a fresh project with its own KUSION_HOME, against
// the file-backed test provider with no simulated latency, so what is measured is the engine.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphNode } from './graph-shapes.ts';
import { check, runQuiet, runTimed, type RunOptions, type StepTimes } from './timing.ts';

const CLI = fileURLToPath(new URL('../../../packages/cli/bin/run.js', import.meta.url));
const CLOUD_DIR = '.cloud';

/** The one attribute every resource has: its name, or the uid(s) of what it depends on. */
function kusionInput(node: GraphNode): unknown {
  const references = node.inputs.map((name) => `$kusion_path.${name}.uid`);
  if (references.length === 0) return node.name;
  return references.length === 1 ? references[0] : references;
}

// One flow mapping per line: JSON is valid YAML, and the file stays readable at 10,000 resources.
function renderStack(graph: readonly GraphNode[]): string {
  const lines = graph.map((node) => {
    const resource = { id: node.name, type: 'Test', attributes: { input: kusionInput(node) } };
    return `  - ${JSON.stringify(resource)}`;
  });
  return `resources:\n${lines.join('\n')}\n`;
}

export async function runKusion(
  graph: readonly GraphNode[],
  workDir: string,
  label: string,
): Promise<StepTimes> {
  const project = join(workDir, 'project');
  const stack = join(project, 'dev');
  const logs = join(workDir, 'logs');
  for (const dir of [stack, logs, join(workDir, 'home')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(project, 'project.yaml'), 'name: bench\n');
  writeFileSync(join(stack, 'stack.yaml'), 'name: dev\n');
  writeFileSync(join(stack, 'main.yaml'), renderStack(graph));
  writeFileSync(
    join(project, 'ws.yaml'),
    `providers:\n  test:\n    package: "@kusion/testkit"\n    dir: ${CLOUD_DIR}\n`,
  );
  const env = { ...process.env, KUSION_HOME: join(workDir, 'home') };
  const options = (step: string, cwd: string): RunOptions => ({
    cwd,
    env,
    logPrefix: join(logs, step),
    label: `${label} kusion ${step}`,
  });
  const kusion = (args: string[], step: string, cwd = stack) =>
    runTimed(process.execPath, [CLI, ...args], options(step, cwd));

  // The first workspace becomes the current one; creating it is set-up, not measured.
  const create = ['workspace', 'create', 'dev', '-f', 'ws.yaml'];
  await runQuiet(process.execPath, [CLI, ...create], options('workspace-create', project));
  const size = graph.length;
  const cloud = join(project, CLOUD_DIR);

  const plan = await kusion(['preview', '--json'], 'plan');
  const planned = parseResult(plan.stdout);
  check(planned.summary?.create === size, `kusion preview plans ${size} creates`);

  const apply = await kusion(['deploy', '--yes', '--json'], 'apply');
  const applied = parseResult(apply.stdout);
  check(applied.status === 'succeeded', `kusion deploy succeeded (got ${String(applied.status)})`);
  check(applied.summary?.create === size, `kusion deploy created ${size}`);
  checkCloud(graph, cloud);

  const destroy = await kusion(['destroy', '--yes', '--json'], 'destroy');
  const destroyed = parseResult(destroy.stdout);
  check(
    destroyed.status === 'succeeded',
    `kusion destroy succeeded (got ${String(destroyed.status)})`,
  );
  check(destroyed.summary?.delete === size, `kusion destroy deleted ${size}`);
  const left = resourceFiles(cloud).length;
  check(left === 0, `the cloud is empty after destroy (${left} resources left)`);

  return { plan: plan.seconds, apply: apply.seconds, destroy: destroy.seconds };
}

interface CommandResult {
  readonly status?: string;
  readonly summary?: { readonly create?: number; readonly delete?: number };
}

function parseResult(stdout: string): CommandResult {
  const parsed: unknown = JSON.parse(stdout);
  check(typeof parsed === 'object' && parsed !== null, 'kusion printed a JSON object');
  return parsed;
}

function resourceFiles(cloud: string): string[] {
  return readdirSync(cloud).filter((file) => file.endsWith('.json'));
}

/** What the test provider stores: the attributes plus the `uid` it gave the resource. */
interface LiveResource {
  readonly input?: unknown;
  readonly uid?: unknown;
}

/** Every resource exists, and each reference was resolved to the uid its input really got. */
function checkCloud(graph: readonly GraphNode[], cloud: string): void {
  const count = resourceFiles(cloud).length;
  check(
    count === graph.length,
    `the cloud holds ${graph.length} resources after deploy (${count})`,
  );
  const live = new Map<string, LiveResource>();
  for (const node of graph) {
    const text = readFileSync(join(cloud, `${node.name}.json`), 'utf8');
    live.set(node.name, JSON.parse(text) as LiveResource);
  }
  for (const node of graph) {
    const uids = node.inputs.map((name) => live.get(name)?.uid);
    const expected = uids.length === 0 ? node.name : uids.length === 1 ? uids[0] : uids;
    const actual = live.get(node.name)?.input;
    check(
      JSON.stringify(actual) === JSON.stringify(expected),
      `${node.name}.input holds its inputs' uids (${JSON.stringify(actual)})`,
    );
  }
}
