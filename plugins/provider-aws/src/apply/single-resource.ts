/**
 * The per-resource methods every provider has (the engine uses the batch form; the conformance
 * suite and scripts use these). Each works on the same stack as the batch: `apply` puts one
 * resource into the deployed template and deploys it, `delete` takes it out (deleting the stack
 * with its last resource), `read` is `readMany` of one. They run one at a time, since each rewrites
 * the whole template. `plan` makes no change set: it predicts the normal form and asks the
 * replacement rules whether the change is in place.
 */
import { ProviderError } from '@kusion/sdk';
import type {
  ApplyRequest,
  ApplyResult,
  Attributes,
  DeleteRequest,
  PlanRequest,
  PlanResult,
  ReadRequest,
  ReadResult,
} from '@kusion/sdk';
import { throwIfAborted } from '../cloudformation/polling.js';
import {
  deleteStackAndWait,
  deployTemplate,
  waitSettled,
} from '../cloudformation/stack-deployer.js';
import { describeStack, getTemplate } from '../cloudformation/stack-reader.js';
import type { StackInfo } from '../cloudformation/stack-reader.js';
import { conditionOf, stuckHint } from '../cloudformation/stack-status.js';
import { bindingsOfTemplate } from '../live/deployed-values.js';
import { readLive } from '../live/live-reader.js';
import type { TemplateResource } from '../model/aws-resource.js';
import { logicalIdOf } from '../model/logical-ids.js';
import {
  desiredTemplatePart,
  extraAttributePaths,
  normalAttributes,
} from '../model/normal-form.js';
import { buildTemplate, idsByLogicalId, templateBody } from '../model/template.js';
import type { StackTemplate } from '../model/template.js';
import { sensitivePathsOf } from '../plan/batch-plan.js';
import { replaceReasonFor, replacingChanges } from '../plan/replacement-rules.js';
import { stackTags } from '../plan/template-detail.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import { failureOutcomes, successOutcomes } from './outcomes.js';
import { destroyStacks } from './stack-destroy.js';

export async function readOne(
  environment: ProviderEnvironment,
  request: ReadRequest,
): Promise<ReadResult> {
  const live = await readLive(
    environment,
    [{ resource: request.resource, prior: request.prior }],
    request.io,
    request.signal,
  );
  return { live: live.get(request.resource.id) };
}

export function planOne(
  environment: ProviderEnvironment,
  request: PlanRequest,
): Promise<PlanResult> {
  const { resource, live } = request;
  const logicalId = logicalIdOf(resource.id);
  const templatePart = desiredTemplatePart(
    resource,
    new Map([[resource.id, logicalId]]),
    request.context,
  );
  const values = new Map<string, unknown>();
  for (const path of extraAttributePaths(live)) values.set(path, readPath(live, path));
  if (live?.['Ref'] !== undefined && live['Ref'] !== live['PhysicalResourceId'])
    values.set('Ref', live['Ref']);
  const physicalId =
    typeof live?.['PhysicalResourceId'] === 'string' ? live['PhysicalResourceId'] : undefined;
  const stackName =
    typeof live?.['StackName'] === 'string' ? live['StackName'] : environment.stackName;
  const predicted = normalAttributes(templatePart, { stackName, logicalId, physicalId, values });
  const replacing = live
    ? replacingChanges(String(templatePart['Type']), live['Properties'], templatePart['Properties'])
    : [];
  const sensitivePaths = sensitivePathsOf(resource);
  return Promise.resolve({
    predicted,
    ...(replacing.length ? { replaceReason: replaceReasonFor(replacing) } : {}),
    ...(sensitivePaths.length ? { sensitivePaths } : {}),
  });
}

export function applyOne(
  environment: ProviderEnvironment,
  request: ApplyRequest,
): Promise<ApplyResult> {
  return environment.serially(async () => {
    const { resource, signal, io } = request;
    throwIfAborted(signal);
    const { stack, deployed } = await deployedState(environment, environment.stackName, signal);
    const ids = deployed ? idsByLogicalId(deployed) : new Map<string, string>();
    const kept = withoutResource(deployed, resource.id, ids);
    const built = buildTemplate({
      resources: [resource],
      kept,
      referencedAttributes: referencedOf(deployed, ids, undefined),
      context: request.context,
    });
    const result = await deployTemplate({
      cfn: await environment.clients.cloudFormation(),
      io,
      signal,
      stackName: environment.stackName,
      templateBody: templateBody(built.template),
      tags: stackTags(request.context),
      description: `kusion apply of ${resource.id}`,
      onEvent: () => undefined,
    });
    const context = {
      environment,
      built,
      stackName: environment.stackName,
      request: {
        resources: [resource],
        priors: [],
        deletions: [],
        referencedAttributes: new Map(),
        context: request.context,
        io,
        signal,
        report: (_: string, status: string) => {
          request.report(status);
        },
      },
    };
    const outcomes =
      result.outcome === 'failed'
        ? await failureOutcomes(context, result)
        : await successOutcomes(context, result.stack ?? stack);
    const outcome = outcomes.outcomes.get(resource.id);
    if (outcome?.status !== 'succeeded') {
      throw new ProviderError(
        outcome?.status === 'failed'
          ? outcome.error
          : `stack ${environment.stackName} did not apply ${resource.id}`,
        { resourceId: resource.id },
      );
    }
    return outcome.sensitivePaths
      ? { attributes: outcome.attributes, sensitivePaths: outcome.sensitivePaths }
      : { attributes: outcome.attributes };
  });
}

export function deleteOne(environment: ProviderEnvironment, request: DeleteRequest): Promise<void> {
  return environment.serially(async () => {
    const { resource, signal, io } = request;
    throwIfAborted(signal);
    const recorded = resource.attributes['StackName'];
    const stackName = typeof recorded === 'string' ? recorded : environment.stackName;
    const { stack, deployed } = await deployedState(environment, stackName, signal);
    if (!stack) return;
    const cfn = await environment.clients.cloudFormation();
    if (!deployed) {
      // An empty stack (REVIEW_IN_PROGRESS, or rolled back after a failed create) holds nothing to keep.
      const condition = conditionOf(stack.status);
      if (condition === 'stuck') {
        throw new ProviderError(
          `stack ${stackName} is ${stack.status}: ${resource.id} cannot be removed from it`,
          {
            resourceId: resource.id,
            hint: stuckHint(stack.status, stackName),
          },
        );
      }
      if (condition === 'review' || condition === 'failed-create')
        await deleteStackAndWait(cfn, stack.stackId, signal);
      return;
    }
    const ids = idsByLogicalId(deployed);
    const kept = withoutResource(deployed, resource.id, ids);
    if (Object.keys(kept).length === Object.keys(deployed.Resources).length) return; // not in the stack
    if (!Object.keys(kept).length) {
      const outcome = (
        await destroyStacks(environment, {
          priors: [resource],
          io,
          signal,
          report: (_, status) => {
            request.report(status);
          },
        })
      ).outcomes.get(resource.id);
      if (outcome?.status === 'failed')
        throw new ProviderError(outcome.error, { resourceId: resource.id });
      return;
    }
    const built = buildTemplate({
      resources: [],
      kept,
      referencedAttributes: referencedOf(deployed, ids, resource.id),
      context: request.context,
    });
    const result = await deployTemplate({
      cfn,
      io,
      signal,
      stackName,
      templateBody: templateBody(built.template),
      tags: stackTags(request.context),
      description: `kusion delete of ${resource.id}`,
      onEvent: () => undefined,
    });
    if (result.outcome === 'failed') {
      throw new ProviderError(
        `removing ${resource.id} from stack ${stackName} failed: ${result.analysis.first?.reason ?? result.stack?.status ?? 'unknown'}`,
        { resourceId: resource.id },
      );
    }
  });
}

/** The stack and, when it can be updated, its deployed template. */
async function deployedState(
  environment: ProviderEnvironment,
  stackName: string,
  signal: AbortSignal,
): Promise<{
  readonly stack: StackInfo | undefined;
  readonly deployed: StackTemplate | undefined;
}> {
  const cfn = await environment.clients.cloudFormation();
  let stack = await describeStack(cfn, stackName, signal);
  if (stack && conditionOf(stack.status) === 'busy')
    stack = await waitSettled(cfn, stack.stackId, signal);
  if (!stack || conditionOf(stack.status) !== 'ready') return { stack, deployed: undefined };
  return { stack, deployed: await getTemplate(cfn, stack.stackId, signal) };
}

function withoutResource(
  deployed: StackTemplate | undefined,
  id: string,
  ids: ReadonlyMap<string, string>,
): Record<string, TemplateResource> {
  return Object.fromEntries(
    Object.entries(deployed?.Resources ?? {}).filter(
      ([logicalId]) => (ids.get(logicalId) ?? logicalId) !== id && logicalId !== logicalIdOf(id),
    ),
  );
}

/** The referenced attributes the deployed template serves as Outputs, minus those of `leaving`. */
function referencedOf(
  deployed: StackTemplate | undefined,
  ids: ReadonlyMap<string, string>,
  leaving: string | undefined,
): Map<string, string[]> {
  const referenced = new Map<string, string[]>();
  for (const binding of deployed ? bindingsOfTemplate(deployed, ids) : []) {
    if (binding.id === leaving) continue;
    referenced.set(binding.id, [...(referenced.get(binding.id) ?? []), binding.path]);
  }
  return referenced;
}

function readPath(source: Attributes | undefined, path: string): unknown {
  let value: unknown = source;
  for (const segment of path.split('.'))
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[segment]
        : undefined;
  return value;
}
