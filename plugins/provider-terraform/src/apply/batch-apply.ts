/**
 * Deploy and destroy: one `terraform apply` of the whole stack module (or `apply -destroy`), then
 * one outcome per resource from the state Terraform wrote — which it writes after a partial
 * failure too, so what was made is recorded and what failed says why. Waves before the last apply
 * only their own resources (`-target`), so resources of later waves are left as they are.
 */
import { getAtPath, setAtPath } from '@kusion/sdk';
import type {
  BatchApplyRequest,
  BatchApplyResult,
  BatchDeleteRequest,
  BatchOutcome,
  Resource,
  ResourceState,
} from '@kusion/sdk';
import { prepareStackModule } from '../stack-module.js';
import type { ProviderEnvironment, StackModule } from '../stack-module.js';
import { recordState } from '../state/sealed-state.js';
import { describeFailure, idOfDiagnostic } from '../terraform/run-failure.js';
import { withWorkdir } from '../terraform/workdir.js';
import type { CommandResult, Workdir } from '../terraform/workdir.js';
import { describeDiagnostic } from '../terraform/diagnostics.js';
import { isRecord } from '../model/terraform-resource.js';

export async function applyStack(
  environment: ProviderEnvironment,
  request: BatchApplyRequest,
): Promise<BatchApplyResult> {
  const stack = await prepareStackModule(environment, {
    resources: request.resources,
    priors: request.priors,
    referencedAttributes: request.referencedAttributes,
    io: request.io,
    signal: request.signal,
  });
  const isLastWave = request.wave >= request.waves;
  const targets = isLastWave ? [] : stack.resources.map((r) => `-target=${r.address}`);
  for (const resource of request.resources) request.report(resource.id, 'terraform apply');
  return withWorkdir(stack.workdir, async (workdir) => {
    const result = await workdir.run([
      'apply',
      '-input=false',
      '-auto-approve',
      '-json',
      ...targets,
    ]);
    return outcomesOf(environment, workdir, result, stack, {
      applied: request.resources,
      deletions: request.deletions,
    });
  });
}

export async function destroyStack(
  environment: ProviderEnvironment,
  request: Pick<BatchDeleteRequest, 'priors' | 'io' | 'signal' | 'report'>,
): Promise<BatchApplyResult> {
  if (!request.priors.length) return { outcomes: new Map() };
  const stack = await prepareStackModule(environment, {
    resources: [],
    priors: request.priors,
    io: request.io,
    signal: request.signal,
  });
  for (const prior of request.priors) request.report(prior.id, 'terraform destroy');
  return withWorkdir(stack.workdir, async (workdir) => {
    const result = await workdir.run([
      'apply',
      '-destroy',
      '-input=false',
      '-auto-approve',
      '-json',
    ]);
    return outcomesOf(environment, workdir, result, stack, {
      applied: [],
      deletions: request.priors.map((prior: ResourceState) => prior.id),
    });
  });
}

async function outcomesOf(
  environment: ProviderEnvironment,
  workdir: Workdir,
  result: CommandResult,
  stack: StackModule,
  asked: { readonly applied: readonly Resource[]; readonly deletions: readonly string[] },
): Promise<BatchApplyResult> {
  const stateText = await workdir.readState();
  const idOf = (address: string) => stack.desired.get(address) ?? stack.recorded.get(address);
  const records = stateText
    ? await recordState(stateText, idOf, environment.sealer)
    : new Map<string, never>();
  const outputs = stateText ? outputValues(stateText) : {};
  const errors = errorsById(result, stack);
  const general = result.exitCode === 0 ? undefined : describeFailure(result, stack);

  const outcomes = new Map<string, BatchOutcome>();
  for (const resource of asked.applied) {
    const error = errors.get(resource.id);
    const record = records.get(resource.id);
    if (error !== undefined || !record) {
      outcomes.set(resource.id, {
        status: 'failed',
        error: error ?? general ?? 'Terraform did not record this resource after apply',
      });
      continue;
    }
    const attributes = structuredClone(record.attributes) as Record<string, unknown>;
    for (const [name, exposed] of stack.module.outputs) {
      if (exposed.id !== resource.id || getAtPath(attributes, exposed.path).found) continue;
      if (name in outputs) setAtPath(attributes, exposed.path, outputs[name]);
    }
    outcomes.set(resource.id, {
      status: 'succeeded',
      attributes,
      ...(record.sensitivePaths.length ? { sensitivePaths: record.sensitivePaths } : {}),
    });
  }
  for (const id of asked.deletions) {
    if (!records.has(id)) outcomes.set(id, { status: 'deleted' });
    else
      outcomes.set(id, {
        status: 'failed',
        error: errors.get(id) ?? general ?? 'Terraform kept this resource in its state',
      });
  }
  return { outcomes };
}

function errorsById(result: CommandResult, stack: StackModule): Map<string, string> {
  const errors = new Map<string, string>();
  for (const diagnostic of result.diagnostics) {
    if (diagnostic.severity !== 'error') continue;
    const id = idOfDiagnostic(diagnostic, stack);
    if (id === undefined) continue;
    const text = describeDiagnostic(diagnostic);
    errors.set(id, errors.has(id) ? `${errors.get(id) ?? ''}; ${text}` : text);
  }
  return errors;
}

function outputValues(stateText: string): Record<string, unknown> {
  const state = JSON.parse(stateText) as { outputs?: unknown };
  const outputs = isRecord(state.outputs) ? state.outputs : {};
  return Object.fromEntries(
    Object.entries(outputs).map(([name, output]) => [
      name,
      isRecord(output) ? output['value'] : undefined,
    ]),
  );
}
