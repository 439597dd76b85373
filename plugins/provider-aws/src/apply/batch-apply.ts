/**
 * The batch apply: one stack update with every resource of this wave and the waves before it.
 * Resources of later waves that the stack already has keep their deployed definition until their
 * wave (leaving them out would delete them); deletions happen only in the last wave, where the
 * template holds exactly the desired resources. Each resource gets its own outcome.
 */
import type { BatchApplyRequest, BatchApplyResult, ResourceState } from '@kusion/sdk';
import { getTemplate } from '../cloudformation/stack-reader.js';
import { throwIfAborted } from '../cloudformation/polling.js';
import { deployTemplate } from '../cloudformation/stack-deployer.js';
import type { TemplateResource } from '../model/aws-resource.js';
import { buildTemplate, idsByLogicalId, templateBody } from '../model/template.js';
import type { StackTemplate } from '../model/template.js';
import { checkTemplateSize, stackTags } from '../plan/template-detail.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import { failureOutcomes, successOutcomes } from './outcomes.js';
import { createProgressReporter } from './progress.js';
import { destroyStacks } from './stack-destroy.js';

export async function applyStack(
  environment: ProviderEnvironment,
  request: BatchApplyRequest,
): Promise<BatchApplyResult> {
  const { signal, io } = request;
  throwIfAborted(signal);
  const stackName = environment.stackName;
  if (!request.resources.length) {
    const deleted = new Set(request.deletions);
    return destroyStacks(environment, {
      ...request,
      priors: request.priors.filter((prior) => deleted.has(prior.id)),
    });
  }
  const cfn = await environment.clients.cloudFormation();
  const kept = request.wave < request.waves ? await laterWaves(environment, request) : {};
  const built = buildTemplate({
    resources: request.resources,
    kept,
    referencedAttributes: request.referencedAttributes,
    context: request.context,
  });
  const body = templateBody(built.template);
  checkTemplateSize(body, stackName);

  const prepared = environment.prepared.get(stackName);
  environment.prepared.delete(stackName);
  const progress = createProgressReporter(
    stackName,
    logicalIdsToIds(built.template, request.priors),
    request.report,
  );
  const result = await deployTemplate({
    cfn,
    io,
    signal,
    stackName,
    templateBody: body,
    tags: stackTags(request.context),
    description:
      request.waves > 1
        ? `kusion deploy, wave ${request.wave} of ${request.waves}`
        : 'kusion deploy',
    onEvent: progress.onEvent,
    prepared,
  });
  const context = { environment, request, built, stackName };
  if (result.outcome === 'failed') return failureOutcomes(context, result);
  if (result.outcome === 'succeeded') progress.finish(result.changes);
  return successOutcomes(context, result.stack);
}

/** Deployed definitions of resources the stack has but this wave does not include. */
async function laterWaves(
  environment: ProviderEnvironment,
  request: BatchApplyRequest,
): Promise<Record<string, TemplateResource>> {
  const deployed = await getTemplate(
    await environment.clients.cloudFormation(),
    environment.stackName,
    request.signal,
  );
  if (!deployed) return {};
  const ids = idsByLogicalId(deployed);
  const desired = new Set(request.resources.map((resource) => resource.id));
  return Object.fromEntries(
    Object.entries(deployed.Resources).filter(
      ([logicalId]) => !desired.has(ids.get(logicalId) ?? ''),
    ),
  );
}

/** Kusion id of each logical id: the new template's, and the recorded ones of resources leaving it. */
function logicalIdsToIds(
  template: StackTemplate,
  priors: readonly ResourceState[],
): Map<string, string> {
  const ids = new Map<string, string>();
  for (const prior of priors) {
    const logicalId = prior.attributes['LogicalResourceId'];
    if (typeof logicalId === 'string') ids.set(logicalId, prior.id);
  }
  for (const [logicalId, id] of idsByLogicalId(template)) ids.set(logicalId, id);
  return ids;
}
