/**
 * A failed change set execution, told as CloudFormation tells it: the resources before the failing
 * one are created or updated, the failing one ends `CREATE_FAILED`/`UPDATE_FAILED` with its reason,
 * the stack rolls back (created resources deleted, updated ones restored) and ends
 * `ROLLBACK_COMPLETE` (a new stack) or `UPDATE_ROLLBACK_COMPLETE`. Nothing is sent to moto: the
 * rolled-back result is exactly what moto already has (no stack resources, or the old ones).
 */
import type { EventDraft, StackEvent } from './stack-events.ts';
import { eventsBetween, micros, stackEventDraft } from './stack-events.ts';

export interface PlannedChange {
  readonly logicalId: string;
  readonly type: string;
  readonly action: string;
  /** The physical id it has now (updates). */
  readonly physicalId: string | undefined;
  /** The reason it fails with, if it is the resource set to fail. */
  readonly failure: string | undefined;
}

export interface SimulatedFailure {
  readonly events: StackEvent[];
  readonly status: string;
  readonly reason: string;
}

export function simulateFailure(
  stack: { readonly stackId: string; readonly stackName: string },
  isCreate: boolean,
  changes: readonly PlannedChange[],
): SimulatedFailure {
  const failingIndex = changes.findIndex((change) => change.failure !== undefined);
  const failing = changes[failingIndex];
  if (!failing) throw new Error('simulateFailure needs a change that fails');
  const before = changes.slice(0, failingIndex).filter((change) => change.action !== 'Remove');
  const drafts: EventDraft[] = [
    stackEventDraft(
      stack.stackName,
      stack.stackId,
      isCreate ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS',
      'User Initiated',
    ),
  ];
  // A created resource gets a physical id once, as CloudFormation names it: <stack>-<logical id>-<suffix>.
  const physicalIds = new Map(
    before.map((change) => [
      change.logicalId,
      change.physicalId ??
        `${stack.stackName}-${change.logicalId}-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    ]),
  );
  const physicalOf = (change: PlannedChange): string => physicalIds.get(change.logicalId) ?? '';

  for (const change of before) {
    const verb = change.action === 'Add' ? 'CREATE' : 'UPDATE';
    drafts.push({
      logicalId: change.logicalId,
      physicalId: physicalOf(change),
      type: change.type,
      status: `${verb}_IN_PROGRESS`,
      reason: 'Resource creation Initiated',
    });
    drafts.push({
      logicalId: change.logicalId,
      physicalId: physicalOf(change),
      type: change.type,
      status: `${verb}_COMPLETE`,
    });
  }
  const failVerb = failing.action === 'Add' ? 'CREATE' : 'UPDATE';
  drafts.push({
    logicalId: failing.logicalId,
    physicalId: failing.physicalId ?? '',
    type: failing.type,
    status: `${failVerb}_IN_PROGRESS`,
  });
  drafts.push({
    logicalId: failing.logicalId,
    physicalId: failing.physicalId ?? '',
    type: failing.type,
    status: `${failVerb}_FAILED`,
    reason: failing.failure,
  });

  const reason =
    `The following resource(s) failed to ${failVerb.toLowerCase()}: [${failing.logicalId}]. ${isCreate ? 'Rollback requested by user.' : ''}`.trim();
  drafts.push(
    stackEventDraft(
      stack.stackName,
      stack.stackId,
      isCreate ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS',
      reason,
    ),
  );
  for (const change of [...before].reverse()) {
    if (change.action === 'Add') {
      drafts.push({
        logicalId: change.logicalId,
        physicalId: physicalOf(change),
        type: change.type,
        status: 'DELETE_IN_PROGRESS',
      });
      drafts.push({
        logicalId: change.logicalId,
        physicalId: physicalOf(change),
        type: change.type,
        status: 'DELETE_COMPLETE',
      });
    } else {
      drafts.push({
        logicalId: change.logicalId,
        physicalId: physicalOf(change),
        type: change.type,
        status: 'UPDATE_IN_PROGRESS',
      });
      drafts.push({
        logicalId: change.logicalId,
        physicalId: physicalOf(change),
        type: change.type,
        status: 'UPDATE_COMPLETE',
      });
    }
  }
  if (failing.action === 'Add')
    drafts.push({
      logicalId: failing.logicalId,
      physicalId: '',
      type: failing.type,
      status: 'DELETE_COMPLETE',
    });
  const status = isCreate ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE';
  if (!isCreate)
    drafts.push(
      stackEventDraft(
        stack.stackName,
        stack.stackId,
        'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      ),
    );
  drafts.push(stackEventDraft(stack.stackName, stack.stackId, status));
  return { events: eventsBetween(stack, drafts, micros(new Date().toISOString())), status, reason };
}
