// Runs terraform on the same graph with the built-in `terraform_data` resource: no provider to
// download or start, so what is measured is terraform's own engine, the reference for kusion's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphNode } from './graph-shapes.ts';
import { check, runQuiet, runTimed, type RunOptions, type StepTimes } from './timing.ts';

// As the brief for reference runs says: no prompts, no update check, no user configuration.
const COMMON_FLAGS = ['-input=false', '-no-color'];
const RUN_FLAGS = [...COMMON_FLAGS, '-parallelism=10'];

function terraformInput(node: GraphNode): string {
  const ids = node.inputs.map((name) => `terraform_data.${name}.id`);
  if (ids.length === 0) return JSON.stringify(node.name);
  return ids.length === 1 ? (ids[0] ?? '') : `[${ids.join(', ')}]`;
}

// One block per resource (not `count`), so terraform parses and walks N definitions as kusion does;
// inputs are ids, never whole objects, which would make terraform's chain quadratic.
function renderConfiguration(graph: readonly GraphNode[]): string {
  return graph
    .map(
      (node) =>
        `resource "terraform_data" "${node.name}" {\n  input = ${terraformInput(node)}\n}\n`,
    )
    .join('\n');
}

export function terraformEnv(workDir: string): NodeJS.ProcessEnv {
  const rc = join(workDir, 'terraformrc');
  writeFileSync(rc, '');
  return { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: rc };
}

export async function terraformVersion(workDir: string): Promise<string> {
  const options = { cwd: workDir, env: terraformEnv(workDir), logPrefix: join(workDir, 'version') };
  const stdout = await runQuiet('terraform', ['version', '-json'], {
    ...options,
    label: 'version',
  });
  const parsed = JSON.parse(stdout) as { terraform_version?: unknown };
  return typeof parsed.terraform_version === 'string' ? parsed.terraform_version : 'unknown';
}

export async function runTerraform(
  graph: readonly GraphNode[],
  workDir: string,
  label: string,
): Promise<StepTimes> {
  const dir = join(workDir, 'config');
  const logs = join(workDir, 'logs');
  for (const path of [dir, logs]) mkdirSync(path, { recursive: true });
  writeFileSync(join(dir, 'main.tf'), renderConfiguration(graph));
  const env = terraformEnv(workDir);
  const options = (step: string): RunOptions => ({
    cwd: dir,
    env,
    logPrefix: join(logs, step),
    label: `${label} terraform ${step}`,
  });
  const terraform = (args: string[], step: string) => runTimed('terraform', args, options(step));
  const stateCount = async (step: string) => {
    const listing = await runQuiet('terraform', ['state', 'list'], options(`${step}-state-list`));
    return listing.split('\n').filter((line) => line.trim() !== '').length;
  };

  await runQuiet('terraform', ['init', ...COMMON_FLAGS], options('init'));
  const size = graph.length;

  const plan = await terraform(['plan', '-out=tfplan', ...RUN_FLAGS], 'plan');
  check(
    plan.stdout.includes(`Plan: ${size} to add, 0 to change, 0 to destroy.`),
    `terraform plans ${size} creates`,
  );

  const apply = await terraform(['apply', '-auto-approve', ...RUN_FLAGS], 'apply');
  check(
    apply.stdout.includes(`Resources: ${size} added, 0 changed, 0 destroyed.`),
    `terraform apply added ${size}`,
  );
  const applied = await stateCount('apply');
  check(applied === size, `terraform state holds ${size} resources after apply (${applied})`);

  const destroy = await terraform(['destroy', '-auto-approve', ...RUN_FLAGS], 'destroy');
  check(destroy.stdout.includes(`Resources: ${size} destroyed.`), `terraform destroyed ${size}`);
  const left = await stateCount('destroy');
  check(left === 0, `terraform state is empty after destroy (${left} left)`);

  return { plan: plan.seconds, apply: apply.seconds, destroy: destroy.seconds };
}
