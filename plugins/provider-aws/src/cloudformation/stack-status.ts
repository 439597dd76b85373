/**
 * What a stack's status means for the next operation. CloudFormation has ~25 statuses; the
 * provider needs to know only whether it can update the stack, must recreate it, must wait, or
 * needs a human.
 */
export type StackCondition =
  /** No stack (or only a deleted one): create it. */
  | 'missing'
  /** A change set of type CREATE was made but never executed: the stack holds no resources. */
  | 'review'
  /** A create failed and was rolled back: the stack holds no resources and cannot be updated. */
  | 'failed-create'
  /** An operation is running: wait for it. */
  | 'busy'
  /** The stack needs a human (a rollback or a delete failed). */
  | 'stuck'
  /** It can be updated. */
  | 'ready';

export function conditionOf(status: string | undefined): StackCondition {
  if (status === undefined || status === 'DELETE_COMPLETE') return 'missing';
  if (status === 'REVIEW_IN_PROGRESS') return 'review';
  if (status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'CREATE_FAILED')
    return 'failed-create';
  if (status.endsWith('_IN_PROGRESS')) return 'busy';
  if (
    status === 'UPDATE_ROLLBACK_FAILED' ||
    status === 'DELETE_FAILED' ||
    status === 'IMPORT_ROLLBACK_FAILED'
  )
    return 'stuck';
  return 'ready';
}

/** Statuses an operation ends in. */
export function isSettled(status: string): boolean {
  return !status.endsWith('_IN_PROGRESS');
}

/** Statuses that mean the last operation did what it was asked. */
export function isSuccess(status: string): boolean {
  return (
    status === 'CREATE_COMPLETE' ||
    status === 'UPDATE_COMPLETE' ||
    status === 'DELETE_COMPLETE' ||
    status === 'IMPORT_COMPLETE'
  );
}

export function stuckHint(status: string, stackName: string): string {
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    return `run \`aws cloudformation continue-update-rollback --stack-name ${stackName}\` (skipping the resources that cannot roll back), then deploy again`;
  }
  if (status === 'DELETE_FAILED') {
    return `remove what blocks the deletion (e.g. empty the bucket), then run \`kusion destroy\` again, or delete the stack with --retain-resources`;
  }
  return `resolve the stack's state in the CloudFormation console, then deploy again`;
}
