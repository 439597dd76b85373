/**
 * The live objects, for drift: `terraform plan -refresh-only` against the recorded state asks each
 * provider to read its objects; an object Terraform reports deleted reads as gone, a changed one
 * as the attributes Terraform read. Nothing is written: the refreshed state stays in the temporary
 * folder. The sealed part is carried over so it never shows as drift.
 */
import type { Attributes, BatchReadRequest, BatchReadResult, ResourceState } from '@kusion/sdk';
import { isRecord } from '../model/terraform-resource.js';
import type { ResourceChange } from '../plan/plan-mapping.js';
import { prepareStackModule } from '../stack-module.js';
import type { ProviderEnvironment } from '../stack-module.js';
import { SEALED_STATE_ATTRIBUTE } from '../state/sealed-state.js';
import { throwRunFailure } from '../terraform/run-failure.js';
import { withWorkdir } from '../terraform/workdir.js';

interface RefreshPlan {
  readonly resource_drift?: readonly ResourceChange[];
}

export async function readLive(
  environment: ProviderEnvironment,
  request: BatchReadRequest,
): Promise<BatchReadResult> {
  const live = new Map<string, Attributes | undefined>();
  const priors = request.items
    .map((item) => item.prior)
    .filter((prior): prior is ResourceState => prior !== undefined);
  for (const item of request.items) live.set(item.resource.id, undefined);
  if (!priors.length) return { live };

  // Only the providers are configured: a refresh reads every object of the state, and recorded
  // attributes (computed ones among them) are no configuration.
  const stack = await prepareStackModule(environment, {
    resources: [],
    priors,
    io: request.io,
    signal: request.signal,
  });
  const plan = await withWorkdir(stack.workdir, async (workdir) => {
    const planned = await workdir.run([
      'plan',
      '-refresh-only',
      '-input=false',
      '-json',
      '-out=refresh.out',
    ]);
    if (planned.exitCode !== 0) throwRunFailure('plan -refresh-only', planned, stack);
    const shown = await workdir.run(['show', '-json', 'refresh.out']);
    if (shown.exitCode !== 0) throwRunFailure('show', shown, stack);
    return JSON.parse(shown.stdout) as RefreshPlan;
  });

  const drifted = new Map<string, unknown>();
  const deleted = new Set<string>();
  for (const drift of plan.resource_drift ?? []) {
    if (drift.change.actions.includes('delete')) deleted.add(drift.address);
    else drifted.set(drift.address, drift.change.after);
  }
  const priorById = new Map(priors.map((prior) => [prior.id, prior]));
  for (const [address, id] of stack.recorded) {
    const recorded = priorById.get(id)?.attributes;
    if (deleted.has(address) || !recorded) continue;
    const after = drifted.get(address);
    live.set(id, isRecord(after) ? overlay(recorded, after) : recorded);
  }
  return { live };
}

/**
 * The recorded attributes with what Terraform found changed. A value a provider only normalises
 * (unset `null` read back as `{}` or `[]`) is no change anyone made, so it keeps the recorded form;
 * the sealed part is carried over as recorded.
 */
export function overlay(recorded: Attributes, after: Record<string, unknown>): Attributes {
  const merged: Record<string, unknown> = { ...after };
  for (const [key, value] of Object.entries(recorded)) {
    if (key === SEALED_STATE_ATTRIBUTE || (isUnset(value) && isUnset(after[key])))
      merged[key] = value;
  }
  return merged;
}

function isUnset(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}
