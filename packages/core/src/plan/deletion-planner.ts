/**
 * Plans the deletion of resources that are only in state. The engine's own reason ("removed from
 * spec") says why; a resource provider with `planDelete` adds what the deletion will mean (a GCP
 * project goes with everything in it), so the user reads it before confirming.
 */
import { isBatchProvider } from '@kusion/sdk';
import type { ResourceState } from '@kusion/sdk';
import type { LoadedProviders } from '../plugins/provider-loader.js';
import type { Run } from '../run/run.js';
import { decideDeletion } from './decide.js';
import type { PlanEntry } from './plan-entry.js';
import { wrapPlanError } from './resource-planner.js';

const REMOVED_FROM_SPEC = 'removed from spec';

export async function planDeletions(
  run: Run,
  deletions: readonly ResourceState[],
  providers: LoadedProviders,
): Promise<PlanEntry[]> {
  const results = await Promise.allSettled(
    deletions.map(async (prior) => {
      const provider = providers.forType(prior.type);
      if (isBatchProvider(provider) || !provider.planDelete) return decideDeletion(prior);
      const { reason } = await provider.planDelete({
        resource: prior,
        context: run.context,
        io: run.io,
        signal: run.readSignal,
      });
      return decideDeletion(prior, reason ? `${REMOVED_FROM_SPEC}: ${reason}` : REMOVED_FROM_SPEC);
    }),
  );
  const entries: PlanEntry[] = [];
  for (const [index, result] of results.entries()) {
    if (result.status === 'rejected')
      throw wrapPlanError(deletions[index]?.id ?? '', result.reason);
    entries.push(result.value);
  }
  run.readSignal.throwIfAborted();
  return entries;
}
