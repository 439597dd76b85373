/**
 * Destroy: the recorded resources are deleted by id, dependents first. A resource group goes as a
 * whole only when the workspace says Kusion owns it (`providers.azure.ownsResourceGroup`) and it
 * holds nothing but this stack's resources (their ownership tags say so); otherwise, or when it
 * holds anything else, its resources are deleted one by one and the group stays.
 */
import type {
  BatchApplyResult,
  BatchDeleteRequest,
  BatchOutcome,
  ResourceState,
} from '@kusion/sdk';
import { call, throwIfAborted } from '../arm/azure-errors.js';
import { isOwnedBy } from '../model/tagging.js';
import { priorTargetOf } from '../model/targets.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import { deleteByIds } from './deletions.js';
import { deleteGroup, groupExists } from './resource-groups.js';

export async function destroyBatch(
  environment: ProviderEnvironment,
  request: Pick<BatchDeleteRequest, 'priors' | 'io' | 'signal' | 'report'>,
): Promise<BatchApplyResult> {
  const { signal, report } = request;
  throwIfAborted(signal);
  const outcomes = new Map<string, BatchOutcome>();
  let byId = [...request.priors];
  if (environment.settings.ownsResourceGroup) {
    const groups = new Map<string, ResourceState[]>();
    for (const prior of request.priors) {
      const group = priorTargetOf(prior, environment.defaults).resourceGroup;
      groups.set(group, [...(groups.get(group) ?? []), prior]);
    }
    byId = [];
    for (const [group, priors] of groups) {
      const foreign = await foreignResources(environment, group, signal);
      if (foreign.length) {
        await request.io.notify({
          level: 'warn',
          code: 'PROVIDER_NOTICE',
          message: `Resource group ${group} also holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}, which this stack did not deploy: deleting this stack's resources one by one and keeping the group.`,
          data: { provider: 'azure' },
        });
        byId.push(...priors);
        continue;
      }
      for (const prior of priors) report(prior.id, `deleting resource group ${group}`);
      await deleteGroup(environment, group, signal);
      for (const prior of priors) {
        report(prior.id, 'deleted');
        outcomes.set(prior.id, { status: 'deleted' });
      }
    }
  }
  for (const [id, outcome] of await deleteByIds({ environment, priors: byId, signal, report }))
    outcomes.set(id, outcome);
  return { outcomes };
}

/** Top-level resources of the group that do not carry this stack's ownership tags. */
async function foreignResources(
  environment: ProviderEnvironment,
  group: string,
  signal: AbortSignal,
): Promise<string[]> {
  if (!(await groupExists(environment, group, signal))) return [];
  return call(`listing the resources of resource group ${group}`, async () => {
    const foreign: string[] = [];
    for await (const resource of environment.clients.resources.resources.listByResourceGroup(
      group,
      {
        abortSignal: signal,
      },
    ))
      if (!isOwnedBy(resource.tags, environment.context))
        foreign.push(`${resource.type ?? '?'}/${resource.name ?? '?'}`);
    return foreign;
  });
}
