/**
 * The batch apply: per resource group (in reference order), the group is created if missing and
 * one incremental template deployment converges it on this wave's resources (cumulative: wave k
 * holds waves 1..k; incremental mode leaves resources of later waves alone). Incremental mode
 * deletes nothing, so once every deployment succeeded the resources removed from the Spec (and
 * the old ones of a replacement) are deleted by id, dependents first. A location change cannot be
 * made in place: that resource is deleted before its deployment.
 */
import { ProviderError } from '@kusion/sdk';
import type { BatchApplyRequest, BatchApplyResult, BatchOutcome, ResourceState } from '@kusion/sdk';
import { throwIfAborted } from '../arm/azure-errors.js';
import { sameArmId } from '../model/azure-resource.js';
import { referencedPaths } from '../model/references.js';
import { orderResourceGroups } from '../model/resource-groups.js';
import { priorTargetOf, targetsOf } from '../model/targets.js';
import { digestsFor } from '../model/secret-digests.js';
import { buildTemplate } from '../model/template.js';
import { canonicalLocation } from '../plan/change-mapping.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import { deleteByIds } from './deletions.js';
import { runDeployment } from './deployment-runner.js';
import { outcomesOf } from './outcomes.js';
import { ensureGroup } from './resource-groups.js';

export async function applyBatch(
  environment: ProviderEnvironment,
  request: BatchApplyRequest,
): Promise<BatchApplyResult> {
  const { signal, io, report } = request;
  throwIfAborted(signal);
  const { defaults, deploymentName } = environment;
  const targets = targetsOf(request.resources, defaults);
  const priorById = new Map(request.priors.map((prior) => [prior.id, prior]));
  const order = orderResourceGroups(request.resources, targets);
  const referenced = referencedPaths(request.resources, request.referencedAttributes);
  if ('cycle' in order)
    throw new ProviderError(
      `resource groups ${order.cycle.join(' and ')} reference each other's resources: their deployments cannot be ordered`,
      { hint: 'keep resources that reference each other in one resource group' },
    );

  // The old resource of a replacement: moved (another id) goes after, relocated goes before.
  const movedAway: ResourceState[] = [];
  const relocated: ResourceState[] = [];
  for (const resource of request.resources) {
    const prior = priorById.get(resource.id);
    const target = targets.get(resource.id);
    if (!prior || !target) continue;
    const priorTarget = priorTargetOf(prior, defaults);
    if (!sameArmId(priorTarget.armId, target.armId)) movedAway.push(prior);
    else if (isRelocated(prior, resource.attributes['location'])) relocated.push(prior);
  }

  const outcomes = new Map<string, BatchOutcome>();
  const failures: string[] = [];
  for (const group of order.groups) {
    if (failures.length) {
      for (const member of group.members)
        outcomes.set(member.id, {
          status: 'failed',
          error: `not deployed: an earlier deployment failed (${failures[0] ?? ''})`,
        });
      continue;
    }
    throwIfAborted(signal);
    const isCreated = await ensureGroup(
      environment,
      group.name,
      group.members,
      request.context,
      signal,
    );
    if (isCreated)
      for (const member of group.members) report(member.id, `created resource group ${group.name}`);
    const moving = relocated.filter((prior) =>
      group.members.some((member) => member.id === prior.id),
    );
    if (moving.length) {
      const deleted = await deleteByIds({ environment, priors: moving, signal, report });
      const stuck = [...deleted].filter(([, outcome]) => outcome.status === 'failed');
      for (const [id, outcome] of stuck) {
        outcomes.set(id, outcome);
        failures.push(`${id}: ${outcome.status === 'failed' ? outcome.error : ''}`);
      }
      if (stuck.length) continue;
    }
    const built = buildTemplate({
      resourceGroup: group.name,
      members: group.members,
      targets,
      referencedAttributes: referenced,
      context: request.context,
      location: environment.settings.location,
    });
    const idByArmId = new Map(
      group.members.map((member) => [targets.get(member.id)?.armId.toLowerCase() ?? '', member.id]),
    );
    for (const member of group.members) report(member.id, `deploying (${deploymentName})`);
    const run = await runDeployment({
      environment,
      resourceGroup: group.name,
      built,
      signal,
      onProgress: (armId, status) => {
        const id = idByArmId.get(armId);
        if (id !== undefined) report(id, status);
      },
    });
    const secretDigests = new Map<string, Record<string, string>>();
    for (const member of group.members) {
      const digests = await digestsFor(member, priorById.get(member.id)?.attributes);
      if (digests) secretDigests.set(member.id, digests);
    }
    const result = await outcomesOf({
      environment,
      resourceGroup: group.name,
      members: group.members,
      targets,
      outputs: built.outputs,
      run,
      secretDigests,
      signal,
    });
    for (const [id, outcome] of result.outcomes) outcomes.set(id, outcome);
    failures.push(...result.failures);
  }

  const removals = [
    ...request.deletions.flatMap((id) => priorById.get(id) ?? []),
    ...movedAway.filter((prior) => outcomes.get(prior.id)?.status === 'succeeded'),
  ];
  if (failures.length) {
    for (const id of request.deletions)
      outcomes.set(id, {
        status: 'failed',
        error: `not deleted: the deployment failed (${failures[0] ?? ''})`,
      });
    await io.notify({
      level: 'error',
      code: 'PROVIDER_NOTICE',
      message: `Deployment ${deploymentName} failed: ${failures.join('; ')}. ARM does not roll back: resources it deployed before the failure stay, and the next deploy converges.`,
      data: { provider: 'azure' },
    });
    return { outcomes };
  }
  if (removals.length) {
    const deleted = await deleteByIds({ environment, priors: removals, signal, report });
    for (const [id, outcome] of deleted) {
      if (request.deletions.includes(id)) outcomes.set(id, outcome);
      else if (outcome.status === 'failed')
        outcomes.set(id, {
          status: 'failed',
          error: `deployed its replacement, but ${outcome.error}; the next deploy tries again`,
        });
    }
  }
  return { outcomes };
}

function isRelocated(prior: ResourceState, location: unknown): boolean {
  const recorded = prior.attributes['location'];
  return (
    typeof recorded === 'string' &&
    typeof location === 'string' &&
    !location.startsWith('[') &&
    !recorded.startsWith('[') &&
    canonicalLocation(recorded) !== canonicalLocation(location)
  );
}
