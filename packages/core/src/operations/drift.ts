/** `drift`: the recorded state of every resource compared with what is live. */
import { createFieldMatcher, diffObjects } from '@kusion/sdk';
import type { DiffEntry } from '@kusion/sdk';
import { readLiveObjects } from '../plan/live-reader.js';
import { hashSensitive } from '@kusion/backend-kit';
import type { RunOptions } from '../run/run.js';
import { withStack } from './stack-session.js';
import type { StackOptions, StackSession } from './stack-session.js';

export type DriftOptions = StackOptions & Pick<RunOptions, 'ignoreFields' | 'concurrency'>;

export interface DriftReport {
  readonly drifted: readonly {
    readonly id: string;
    readonly type: string;
    readonly isDeleted: boolean;
    readonly diff: readonly DiffEntry[];
  }[];
  /**
   * Resources recorded as pending: an operation on them started and nobody saw it end (a run
   * killed or aborted, a batch deployment that failed after creating them). Not drift: the next
   * deploy reads them back and settles them.
   */
  readonly pending: readonly {
    readonly id: string;
    readonly type: string;
    readonly action: string;
    readonly since: string;
    /** Whether the object exists now. */
    readonly exists: boolean;
  }[];
  readonly inSync: number;
  /** The revision whose state was compared (0 when nothing was deployed). */
  readonly revision: number;
}

/** From the latest release alone: the stack's configuration need not be there. */
export function detectDrift(options: DriftOptions): Promise<DriftReport> {
  return withStack(
    options,
    async (session) => session.engine.scrubber.scrubDeep(await detectDriftIn(session, options)),
    { spec: 'none' },
  );
}

async function detectDriftIn(session: StackSession, options: DriftOptions): Promise<DriftReport> {
  const { engine } = session;
  const run = session.createRun(options);
  const latest = await engine.backend.releases.latest(session.scope);
  const recorded = latest?.state.resources ?? [];
  const providers = await session.loadProviders(new Set(recorded.map((r) => r.type)));
  try {
    const live = await readLiveObjects({
      resources: recorded,
      priorById: new Map(recorded.map((r) => [r.id, r])),
      providers,
      run,
      includesBatch: true,
    });
    const drifted: DriftReport['drifted'][number][] = [];
    const pending: DriftReport['pending'][number][] = [];
    for (const resource of recorded) {
      const current = live.get(resource.id);
      if (resource.pending) {
        const { action, since } = resource.pending;
        pending.push({ id: resource.id, type: resource.type, action, since, exists: !!current });
        continue;
      }
      if (!current) {
        drifted.push({
          id: resource.id,
          type: resource.type,
          isDeleted: true,
          diff: [{ path: '', kind: 'remove' }],
        });
        continue;
      }
      const sensitive = createFieldMatcher(resource.sensitivePaths ?? []);
      // What the state records in clear (names, ids) is no secret, whatever a Secret holds.
      run.scrubber.declarePublic([resource.id, resource.attributes]);
      run.scrubber.addAtPaths(current, resource.sensitivePaths ?? []);
      const diff = diffObjects(
        resource.attributes,
        hashSensitive(resource.id, current, sensitive),
        { ignore: run.ignore, sensitive },
      );
      if (diff.length)
        drifted.push({ id: resource.id, type: resource.type, isDeleted: false, diff });
    }
    return {
      drifted,
      pending,
      inSync: recorded.length - drifted.length - pending.length,
      revision: latest?.revision ?? 0,
    };
  } finally {
    await providers.closeAll();
  }
}
