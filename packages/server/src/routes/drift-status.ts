/** A stack's drift status in a workspace: what its latest finished drift run found. */
import type { ReleaseScope } from '@kusion/sdk';
import type { RunStore } from '../runs/run-store.js';

export interface DriftStatus {
  /** `unknown`: no drift run finished yet. */
  readonly status: 'in-sync' | 'drifted' | 'unknown';
  readonly checkedAt?: string;
  readonly runId?: string;
  readonly drifted?: number;
  readonly pending?: number;
}

export async function latestDrift(runs: RunStore, scope: ReleaseScope): Promise<DriftStatus> {
  const recent = await runs.list({ workspace: scope.workspace, limit: 500 });
  const run = recent.find(
    (candidate) =>
      candidate.kind === 'drift' &&
      candidate.status === 'succeeded' &&
      candidate.project === scope.project &&
      candidate.stack === scope.stack,
  );
  if (!run) return { status: 'unknown' };
  const result = run.result as { drifted?: unknown[]; pending?: unknown[] } | undefined;
  const drifted = result?.drifted?.length ?? 0;
  const pending = result?.pending?.length ?? 0;
  return {
    status: drifted + pending > 0 ? 'drifted' : 'in-sync',
    ...(run.finishedAt === undefined ? {} : { checkedAt: run.finishedAt }),
    runId: run.id,
    drifted,
    pending,
  };
}
