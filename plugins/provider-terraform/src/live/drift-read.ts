/**
 * The live objects, for drift: `terraform plan -refresh-only` against the recorded state asks each
 * provider to read its objects; an object Terraform reports deleted reads as gone, a changed one
 * as its refreshed attributes. Nothing is written: the refreshed state stays in the temporary
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
  readonly prior_state?: {
    readonly values?: {
      readonly root_module?: {
        readonly resources?: readonly { readonly address: string; readonly values?: unknown }[];
      };
    };
  };
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

  const refreshed = new Map<string, unknown>();
  for (const resource of plan.prior_state?.values?.root_module?.resources ?? [])
    refreshed.set(resource.address, resource.values);
  const deleted = new Set<string>();
  for (const drift of plan.resource_drift ?? []) {
    if (drift.change.actions.includes('delete')) deleted.add(drift.address);
    else refreshed.set(drift.address, drift.change.after);
  }
  const priorById = new Map(priors.map((prior) => [prior.id, prior]));
  for (const [address, id] of stack.recorded) {
    const values = refreshed.get(address);
    if (deleted.has(address) || !isRecord(values)) continue;
    const sealed = priorById.get(id)?.attributes[SEALED_STATE_ATTRIBUTE];
    live.set(id, {
      ...values,
      ...(sealed === undefined ? {} : { [SEALED_STATE_ATTRIBUTE]: sealed }),
    });
  }
  return { live };
}
