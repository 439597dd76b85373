/**
 * Progress lines per resource from stack events. An endpoint that records only stack-level events
 * (moto) still shows each changed resource's end state, taken from the change set.
 */
import type { ResourceChange } from '@aws-sdk/client-cloudformation';
import { isStackEvent, progressOf } from '../cloudformation/event-mapping.js';
import type { StackEventView } from '../cloudformation/event-mapping.js';

export interface ProgressReporter {
  readonly onEvent: (event: StackEventView) => void;
  /** Reports the end state of changed resources no event spoke about. */
  finish(changes: readonly ResourceChange[]): void;
}

export function createProgressReporter(
  stackName: string,
  idsByLogicalId: ReadonlyMap<string, string>,
  report: (id: string, status: string) => void,
): ProgressReporter {
  const spoken = new Set<string>();
  return {
    onEvent(event) {
      if (isStackEvent(event, stackName)) return;
      const id = idsByLogicalId.get(event.logicalId);
      if (id === undefined) return;
      spoken.add(event.logicalId);
      report(id, progressOf(event));
    },
    finish(changes) {
      for (const change of changes) {
        const logicalId = change.LogicalResourceId ?? '';
        const id = idsByLogicalId.get(logicalId);
        if (id === undefined || spoken.has(logicalId)) continue;
        report(id, endStateOf(change));
      }
    },
  };
}

function endStateOf(change: ResourceChange): string {
  if (change.Action === 'Add') return 'created';
  if (change.Action === 'Remove') return 'deleted';
  if (change.Action === 'Import') return 'imported';
  return change.Replacement === 'True' ? 'replaced' : 'updated';
}
