/**
 * Destroy: delete the stack (each stack the recorded resources name) and follow it to the end.
 * CloudFormation honours `DeletionPolicy: Retain`; the user is told which resources it kept. A
 * resource CloudFormation could not delete fails with its reason; the others are deleted.
 */
import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import type {
  BatchApplyResult,
  BatchDeleteRequest,
  BatchOutcome,
  ResourceState,
} from '@kusion/sdk';
import { call } from '../aws-errors.js';
import { analyseFailure } from '../cloudformation/event-mapping.js';
import { throwIfAborted } from '../cloudformation/polling.js';
import { waitSettled } from '../cloudformation/stack-deployer.js';
import { followStack, newestEventId } from '../cloudformation/stack-follower.js';
import { describeStack, getTemplate } from '../cloudformation/stack-reader.js';
import { isSettled, stuckHint } from '../cloudformation/stack-status.js';
import { idsByLogicalId } from '../model/template.js';
import type { ProviderEnvironment } from '../provider-environment.js';
import { createProgressReporter } from './progress.js';

export async function destroyStacks(
  environment: ProviderEnvironment,
  request: Pick<BatchDeleteRequest, 'priors' | 'io' | 'signal' | 'report'>,
): Promise<BatchApplyResult> {
  throwIfAborted(request.signal);
  const byStack = new Map<string, ResourceState[]>();
  for (const prior of request.priors) {
    const recorded = prior.attributes['StackName'];
    const stackName = typeof recorded === 'string' ? recorded : environment.stackName;
    byStack.set(stackName, [...(byStack.get(stackName) ?? []), prior]);
  }
  const outcomes = new Map<string, BatchOutcome>();
  for (const [stackName, priors] of byStack) {
    for (const [id, outcome] of await destroyStack(environment, stackName, priors, request))
      outcomes.set(id, outcome);
  }
  return { outcomes };
}

async function destroyStack(
  environment: ProviderEnvironment,
  stackName: string,
  priors: readonly ResourceState[],
  request: Pick<BatchDeleteRequest, 'io' | 'signal' | 'report'>,
): Promise<Map<string, BatchOutcome>> {
  const { signal, io } = request;
  const outcomes = new Map<string, BatchOutcome>(
    priors.map((prior) => [prior.id, { status: 'deleted' }]),
  );
  const cfn = await environment.clients.cloudFormation();
  let stack = await describeStack(cfn, stackName, signal);
  if (!stack || stack.status === 'DELETE_COMPLETE') return outcomes; // already gone: idempotent
  if (!isSettled(stack.status)) stack = await waitSettled(cfn, stack.stackId, signal);
  if (!stack || stack.status === 'DELETE_COMPLETE') return outcomes;

  const template = await getTemplate(cfn, stack.stackId, signal);
  const ids = template ? idsByLogicalId(template) : new Map<string, string>();
  for (const prior of priors) {
    const logicalId = prior.attributes['LogicalResourceId'];
    if (typeof logicalId === 'string' && !ids.has(logicalId)) ids.set(logicalId, prior.id);
  }
  const retained = Object.entries(template?.Resources ?? {}).filter(
    ([, resource]) =>
      resource.DeletionPolicy === 'Retain' || resource.DeletionPolicy === 'RetainExceptOnCreate',
  );
  const progress = createProgressReporter(stack.stackName, ids, request.report);
  const { stackId } = stack;
  const since = await newestEventId(cfn, stackId, signal);
  await call('DeleteStack', () =>
    cfn.send(new DeleteStackCommand({ StackName: stackId }), { abortSignal: signal }),
  );
  const followed = await followStack({ cfn, stackId, since, signal, onEvent: progress.onEvent });

  const status = followed.stack?.status ?? 'DELETE_COMPLETE';
  if (status !== 'DELETE_COMPLETE') {
    const analysis = analyseFailure(followed.events, stack.stackName);
    for (const [logicalId, reason] of analysis.failed) {
      const id = ids.get(logicalId);
      if (id !== undefined && outcomes.has(id))
        outcomes.set(id, {
          status: 'failed',
          error: `${reason}; ${stuckHint(status, stack.stackName)}`,
        });
    }
    if (!analysis.failed.size) {
      for (const prior of priors)
        outcomes.set(prior.id, {
          status: 'failed',
          error: `deleting stack ${stack.stackName} ended ${status}: ${followed.stack?.statusReason ?? 'no reason given'}`,
        });
    }
    await io.notify({
      level: 'error',
      code: 'PROVIDER_NOTICE',
      message: `Deleting stack ${stack.stackName} ended ${status}${followed.stack?.statusReason ? `: ${followed.stack.statusReason}` : ''}.`,
      data: { provider: 'aws' },
    });
    return outcomes;
  }
  const isRetained = new Set(retained.map(([logicalId]) => logicalId));
  progress.finish(
    Object.keys(template?.Resources ?? {})
      .filter((logicalId) => !isRetained.has(logicalId))
      .map((logicalId) => ({ LogicalResourceId: logicalId, Action: 'Remove' as const })),
  );
  const kept = retained.map(([logicalId]) => ids.get(logicalId) ?? logicalId);
  for (const id of kept) request.report(id, 'retained (DeletionPolicy Retain)');
  if (kept.length) {
    await io.notify({
      level: 'info',
      code: 'PROVIDER_NOTICE',
      message: `Stack ${stack.stackName} deleted; CloudFormation kept ${kept.join(', ')} (DeletionPolicy Retain): they still exist and Kusion no longer manages them.`,
      data: { provider: 'aws' },
    });
  }
  return outcomes;
}
