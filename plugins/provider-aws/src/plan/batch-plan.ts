/**
 * The batch plan: the stack's template is built from the desired resources, shown with `--detail`,
 * and CloudFormation's change set says, per resource, what a deploy would do. The change set is
 * kept for the apply of the same run (same template → executed as is) and deleted at close.
 * A stack that holds no resources and cannot take a change set (a failed create) is planned as
 * "create everything" without one.
 */
import type { ResourceChange } from '@aws-sdk/client-cloudformation';
import { declaredSensitivePaths, ProviderError } from '@kusion/sdk';
import type { BatchPlanRequest, BatchPlanResult, Resource } from '@kusion/sdk';
import { createChangeSet } from '../cloudformation/change-sets.js';
import { describeSettledStack } from '../cloudformation/stack-deployer.js';
import { conditionOf, stuckHint } from '../cloudformation/stack-status.js';
import { desiredTemplatePart } from '../model/normal-form.js';
import { buildTemplate, needsOutput, templateBody } from '../model/template.js';
import type { BuiltTemplate } from '../model/template.js';
import { discardPrepared } from '../provider-environment.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import { mapChanges } from './change-mapping.js';
import type { DesiredMember } from './change-mapping.js';
import { showTemplate, stackTags, checkTemplateSize } from './template-detail.js';

export async function planStack(
  environment: ProviderEnvironment,
  request: BatchPlanRequest,
): Promise<BatchPlanResult> {
  const { signal, io } = request;
  const stackName = environment.stackName;
  const built = buildTemplate({
    resources: request.resources,
    referencedAttributes: request.referencedAttributes,
    context: request.context,
  });
  const desired = desiredMembers(request, built);
  if (!request.resources.length)
    return { changes: mapChanges({ changes: [], desired, priors: request.priors }) };

  await showTemplate(io, stackName, built.template, request.resources);
  const body = templateBody(built.template);
  checkTemplateSize(body, stackName);

  const cfn = await environment.clients.cloudFormation();
  const previous = environment.prepared.get(stackName);
  if (previous?.templateBody === body) {
    return { changes: mapChanges({ changes: previous.changes, desired, priors: request.priors }) };
  }
  if (previous) await discardPrepared(environment, signal); // made for another template
  const stack = await describeSettledStack(cfn, stackName, signal, io);
  const condition = conditionOf(stack?.status);
  if (condition === 'stuck') {
    throw new ProviderError(
      `stack ${stackName} is ${stack?.status ?? ''}: it cannot be deployed until that is resolved`,
      { hint: stuckHint(stack?.status ?? '', stackName) },
    );
  }
  if (condition === 'failed-create' || condition === 'review') {
    const why =
      condition === 'failed-create'
        ? `stack ${stackName} is ${stack?.status ?? ''} after a failed create: deploy deletes it and creates this resource again`
        : `stack ${stackName} was left empty in REVIEW_IN_PROGRESS: deploy deletes it and creates this resource`;
    await io.notify({
      level: 'warn',
      code: 'PROVIDER_NOTICE',
      message: `${why.charAt(0).toUpperCase()}${why.slice(1)}.`,
      data: { provider: 'aws' },
    });
    return {
      changes: mapChanges({ changes: [], desired, priors: request.priors, recreateReason: why }),
    };
  }

  const changeSet = await createChangeSet(
    cfn,
    {
      stackName,
      type: condition === 'missing' ? 'CREATE' : 'UPDATE',
      templateBody: body,
      tags: stackTags(environment.context),
      description: `kusion plan of ${request.resources.length} resources`,
    },
    signal,
  );
  if (changeSet.hasChanges) environment.prepared.set(stackName, changeSet);
  refuseForeignRemovals(stackName, changeSet.changes, desired, request.priors);
  return { changes: mapChanges({ changes: changeSet.changes, desired, priors: request.priors }) };
}

function desiredMembers(request: BatchPlanRequest, built: BuiltTemplate): DesiredMember[] {
  return request.resources.map((resource: Resource) => ({
    id: resource.id,
    logicalId: built.logicalIds.get(resource.id) ?? resource.id,
    templatePart: desiredTemplatePart(resource, built.logicalIds, request.context),
    referencedPaths: (request.referencedAttributes.get(resource.id) ?? []).filter(needsOutput),
    unknownPaths: request.unknownPaths.get(resource.id) ?? [],
    sensitivePaths: declaredSensitivePaths(resource),
  }));
}

/**
 * A deploy would delete resources of the stack that Kusion neither wants nor recorded (a stack
 * made by hand under the derived name, or state that was lost): say so instead of deleting them.
 */
function refuseForeignRemovals(
  stackName: string,
  changes: readonly ResourceChange[],
  desired: readonly DesiredMember[],
  priors: BatchPlanRequest['priors'],
): void {
  const known = new Set([
    ...desired.map((member) => member.logicalId),
    ...priors.map((prior) => prior.attributes['LogicalResourceId']),
  ]);
  const foreign = changes
    .filter((change) => change.Action === 'Remove' && !known.has(change.LogicalResourceId))
    .map((change) => `${change.LogicalResourceId ?? '?'} (${change.ResourceType ?? '?'})`);
  if (!foreign.length) return;
  throw new ProviderError(
    `stack ${stackName} holds resources Kusion does not manage: ${foreign.join(', ')}; deploying would delete them`,
    {
      hint: 'set providers.aws.stackName to a stack of its own, or add those resources to the spec (ids whose last segment gives those logical ids) to adopt them',
    },
  );
}
