/**
 * Deploys one template to one stack: makes the stack updatable (a stack left in
 * REVIEW_IN_PROGRESS or ROLLBACK_COMPLETE holds no resources and cannot be updated: it is deleted
 * and created again, and the user is told), creates the change set (or takes the one the plan
 * prepared for exactly this template), executes it and follows the stack events to the end.
 */
import { DeleteStackCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient, ResourceChange } from '@aws-sdk/client-cloudformation';
import { ProviderError } from '@kusion/sdk';
import type { IoHost } from '@kusion/sdk';
import { call, errorName } from '../aws-errors.js';
import { createChangeSet, deleteChangeSet } from './change-sets.js';
import type { ChangeSet, ChangeSetRequest, ChangeSetType } from './change-sets.js';
import { analyseFailure } from './event-mapping.js';
import type { FailureAnalysis, StackEventView } from './event-mapping.js';
import { pollUntil } from './polling.js';
import { newestEventId, followStack } from './stack-follower.js';
import { describeStack } from './stack-reader.js';
import type { StackInfo } from './stack-reader.js';
import { conditionOf, isSettled, isSuccess, stuckHint } from './stack-status.js';

export interface DeployRequest extends Omit<ChangeSetRequest, 'type'> {
  readonly cfn: CloudFormationClient;
  readonly io: IoHost;
  readonly signal: AbortSignal;
  readonly onEvent: (event: StackEventView) => void;
  /** A change set the plan made; used when it was made from exactly this template. */
  readonly prepared?: ChangeSet | undefined;
}

export type DeployResult =
  | { readonly outcome: 'unchanged'; readonly stack: StackInfo | undefined }
  | {
      readonly outcome: 'succeeded';
      readonly stack: StackInfo | undefined;
      readonly changes: readonly ResourceChange[];
      readonly events: readonly StackEventView[];
    }
  | {
      readonly outcome: 'failed';
      readonly stack: StackInfo | undefined;
      readonly changes: readonly ResourceChange[];
      readonly events: readonly StackEventView[];
      readonly analysis: FailureAnalysis;
    };

export async function deployTemplate(request: DeployRequest): Promise<DeployResult> {
  const { cfn, signal, stackName } = request;
  const { type, stack } = await makeUpdatable(request);
  const prepared = request.prepared;
  const isReusable =
    prepared !== undefined &&
    prepared.templateBody === request.templateBody &&
    prepared.type === type &&
    (stack === undefined || prepared.stackId === stack.stackId);
  if (prepared && !isReusable)
    await deleteChangeSet(cfn, prepared.id, prepared.stackId).catch(() => undefined);

  let changeSet = isReusable ? prepared : await createChangeSet(cfn, { ...request, type }, signal);
  if (!changeSet.hasChanges)
    return { outcome: 'unchanged', stack: stack ?? (await describeStack(cfn, stackName, signal)) };

  const since = await newestEventId(cfn, changeSet.stackId, signal);
  try {
    await execute(cfn, changeSet, signal);
  } catch (error) {
    if (!isReusable || errorName(error) !== 'InvalidChangeSetStatus') throw error;
    // The prepared change set went stale (the stack changed since the plan): make a fresh one.
    changeSet = await createChangeSet(cfn, { ...request, type }, signal);
    if (!changeSet.hasChanges)
      return { outcome: 'unchanged', stack: await describeStack(cfn, stackName, signal) };
    await execute(cfn, changeSet, signal);
  }
  const followed = await followStack({
    cfn,
    stackId: changeSet.stackId,
    since,
    signal,
    onEvent: request.onEvent,
  });
  const status = followed.stack?.status ?? 'UNKNOWN';
  if (isSuccess(status))
    return {
      outcome: 'succeeded',
      stack: followed.stack,
      changes: changeSet.changes,
      events: followed.events,
    };
  return {
    outcome: 'failed',
    stack: followed.stack,
    changes: changeSet.changes,
    events: followed.events,
    analysis: analyseFailure(followed.events, followed.stack?.stackName ?? stackName),
  };
}

async function execute(
  cfn: CloudFormationClient,
  changeSet: ChangeSet,
  signal: AbortSignal,
): Promise<void> {
  await call('ExecuteChangeSet', () =>
    cfn.send(
      new ExecuteChangeSetCommand({ ChangeSetName: changeSet.id, StackName: changeSet.stackId }),
      { abortSignal: signal },
    ),
  );
}

/** Brings the stack to a state a change set can be made for, and says which type it needs. */
async function makeUpdatable(
  request: DeployRequest,
): Promise<{ readonly type: ChangeSetType; readonly stack: StackInfo | undefined }> {
  const { cfn, signal, stackName, io } = request;
  const stack = await describeSettledStack(cfn, stackName, signal, io);
  const status = stack?.status;
  switch (conditionOf(status)) {
    case 'missing':
      return { type: 'CREATE', stack: undefined };
    case 'review': {
      const prepared = request.prepared;
      const isOurs = prepared?.type === 'CREATE' && prepared.stackId === stack?.stackId;
      if (isOurs && prepared.templateBody === request.templateBody)
        return { type: 'CREATE', stack };
      // Our own plan's empty stack, made for another template (a first wave), goes quietly.
      if (!isOurs) {
        await io.notify({
          level: 'warn',
          code: 'PROVIDER_NOTICE',
          message: `Stack ${stackName} was left in REVIEW_IN_PROGRESS by a change set that was never executed; it holds no resources, so it is deleted and created again.`,
          data: { provider: 'aws' },
        });
      }
      await deleteStackAndWait(cfn, stack?.stackId ?? stackName, signal);
      return { type: 'CREATE', stack: undefined };
    }
    case 'failed-create':
      await io.notify({
        level: 'warn',
        code: 'PROVIDER_NOTICE',
        message: `Stack ${stackName} is ${status ?? ''}: an earlier create failed and was rolled back, so it holds no resources and cannot be updated. Deleting it and creating it again.`,
        data: { provider: 'aws' },
      });
      await deleteStackAndWait(cfn, stack?.stackId ?? stackName, signal);
      return { type: 'CREATE', stack: undefined };
    case 'stuck':
      throw new ProviderError(
        `stack ${stackName} is ${status ?? ''}${stack?.statusReason ? ` (${stack.statusReason})` : ''}: it cannot be deployed until that is resolved`,
        {
          hint: stuckHint(status ?? '', stackName),
        },
      );
    case 'busy':
      throw new ProviderError(`stack ${stackName} is still ${status ?? ''}`, { retryable: true });
    case 'ready':
      return { type: 'UPDATE', stack };
  }
}

/** The stack once no operation runs on it (saying so when it has to wait), or undefined. */
export async function describeSettledStack(
  cfn: CloudFormationClient,
  stackName: string,
  signal: AbortSignal,
  io: IoHost,
): Promise<StackInfo | undefined> {
  const stack = await describeStack(cfn, stackName, signal);
  if (!stack || conditionOf(stack.status) !== 'busy') return stack;
  await io.notify({
    level: 'info',
    code: 'PROVIDER_NOTICE',
    message: `Stack ${stackName} is ${stack.status}: waiting for that operation to end.`,
    data: { provider: 'aws' },
  });
  return waitSettled(cfn, stack.stackId, signal);
}

export async function waitSettled(
  cfn: CloudFormationClient,
  stackId: string,
  signal: AbortSignal,
): Promise<StackInfo | undefined> {
  return (
    await pollUntil(async () => {
      const stack = await describeStack(cfn, stackId, signal);
      return !stack || isSettled(stack.status) ? { stack } : undefined;
    }, signal)
  ).stack;
}

/** Deletes a stack (by id, so a deleted stack is still found) and waits until it is gone. */
export async function deleteStackAndWait(
  cfn: CloudFormationClient,
  stackId: string,
  signal: AbortSignal,
): Promise<StackInfo | undefined> {
  await call('DeleteStack', () =>
    cfn.send(new DeleteStackCommand({ StackName: stackId }), { abortSignal: signal }),
  );
  const stack = await waitSettled(cfn, stackId, signal);
  if (stack && stack.status !== 'DELETE_COMPLETE') {
    throw new ProviderError(
      `deleting stack ${stack.stackName} ended ${stack.status}${stack.statusReason ? `: ${stack.statusReason}` : ''}`,
      {
        hint: stuckHint(stack.status, stack.stackName),
      },
    );
  }
  return stack;
}
