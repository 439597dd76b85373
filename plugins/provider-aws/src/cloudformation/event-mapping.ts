/**
 * Stack events → what the user sees: a short progress status per resource, and after a failure the
 * first resource that failed (with CloudFormation's reason) and what the rollback did to each
 * resource. Pure functions over the events of one operation, oldest first.
 */

/** The fields of a stack event this module reads. */
export interface StackEventView {
  readonly eventId: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason: string | undefined;
  readonly physicalId?: string | undefined;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';

export function isStackEvent(event: StackEventView, stackName: string): boolean {
  return event.resourceType === STACK_TYPE && event.logicalId === stackName;
}

/** "CREATE_IN_PROGRESS" → "creating"; failures keep their status and reason. */
export function progressOf(event: StackEventView): string {
  const { status, reason } = event;
  if (status.endsWith('_FAILED')) return `${status}: ${reason ?? 'no reason given'}`;
  if (status === 'DELETE_SKIPPED') return 'retained (DeletionPolicy Retain)';
  const [verb] = status.split('_');
  const words: Record<string, readonly [string, string]> = {
    CREATE: ['creating', 'created'],
    UPDATE: ['updating', 'updated'],
    DELETE: ['deleting', 'deleted'],
    IMPORT: ['importing', 'imported'],
  };
  const pair = words[verb ?? ''];
  if (!pair) return status;
  const text = status.endsWith('_IN_PROGRESS')
    ? pair[0]
    : status.endsWith('_COMPLETE')
      ? pair[1]
      : status;
  return text === pair[0] && reason && !/Initiated|User Initiated/i.test(reason)
    ? `${text}: ${reason}`
    : text;
}

export interface FailureAnalysis {
  /** The first resource that failed for its own reason (not "cancelled" because another failed). */
  readonly first:
    { readonly logicalId: string; readonly status: string; readonly reason: string } | undefined;
  /** What the rollback did, by logical id: "deleted", "restored"... */
  readonly rolledBack: ReadonlyMap<string, string>;
  /** Every resource that reported a failure, with its reason. */
  readonly failed: ReadonlyMap<string, string>;
  /** The stack's own reason for its final status. */
  readonly stackReason: string | undefined;
}

const CANCELLED = /cancel+ed/i;

export function analyseFailure(
  events: readonly StackEventView[],
  stackName: string,
): FailureAnalysis {
  let first: FailureAnalysis['first'];
  const failed = new Map<string, string>();
  const rolledBack = new Map<string, string>();
  let stackReason: string | undefined;
  let isRollingBack = false;
  for (const event of events) {
    if (isStackEvent(event, stackName)) {
      if (event.status.includes('ROLLBACK')) isRollingBack = true;
      if (event.reason && (event.status.includes('ROLLBACK') || event.status.endsWith('_FAILED')))
        stackReason ??= event.reason;
      continue;
    }
    if (event.status.endsWith('_FAILED')) {
      const reason = event.reason ?? 'no reason given';
      if (!failed.has(event.logicalId)) failed.set(event.logicalId, `${event.status}: ${reason}`);
      if (!first && !isRollingBack && !CANCELLED.test(reason))
        first = { logicalId: event.logicalId, status: event.status, reason };
      continue;
    }
    if (isRollingBack && event.status.endsWith('_COMPLETE')) {
      rolledBack.set(
        event.logicalId,
        event.status === 'DELETE_COMPLETE' ? 'deleted by the rollback' : 'restored by the rollback',
      );
    }
    if (isRollingBack && event.status === 'DELETE_SKIPPED')
      rolledBack.set(event.logicalId, 'kept by the rollback (DeletionPolicy Retain)');
  }
  if (!first) {
    const [logicalId, text] = [...failed][0] ?? [];
    if (logicalId !== undefined && text !== undefined) {
      const colon = text.indexOf(': ');
      first = { logicalId, status: text.slice(0, colon), reason: text.slice(colon + 2) };
    }
  }
  return { first, rolledBack, failed, stackReason };
}
