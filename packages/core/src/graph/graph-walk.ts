/**
 * Walks a DAG with bounded concurrency: a node starts when all its dependencies succeeded; when one
 * fails, its dependents are skipped and independent branches go on. On abort, nothing new starts,
 * in-flight visits finish, and the rest are reported cancelled. O(N + E).
 */

export type SkipReason =
  | { readonly kind: 'dependency-failed'; readonly dependency: string }
  | { readonly kind: 'cancelled' };

export interface GraphWalk {
  /** Every node to visit. */
  readonly ids: readonly string[];
  /** Nodes that must succeed first; ids outside `ids` are ignored. */
  readonly dependenciesOf: (id: string) => readonly string[];
  readonly concurrency: number;
  readonly signal: AbortSignal;
  /** Resolves true on success, false on failure. Must not reject. */
  readonly visit: (id: string) => Promise<boolean>;
  readonly onSkipped: (id: string, reason: SkipReason) => void;
}

export function walkGraph(walk: GraphWalk): Promise<void> {
  const members = new Set(walk.ids);
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  const blockedBy = new Map<string, string>();
  const ready: string[] = [];
  for (const id of walk.ids) {
    let count = 0;
    for (const dependency of walk.dependenciesOf(id)) {
      if (!members.has(dependency) || dependency === id) continue;
      count++;
      const list = dependents.get(dependency);
      if (list) list.push(id);
      else dependents.set(dependency, [id]);
    }
    waiting.set(id, count);
    if (count === 0) ready.push(id);
  }

  return new Promise((resolve) => {
    let head = 0;
    let active = 0;
    let finished = 0;
    const total = walk.ids.length;
    const started = new Set<string>();

    const complete = (id: string, isSuccess: boolean): void => {
      finished++;
      for (const dependent of dependents.get(id) ?? []) {
        if (!isSuccess && !blockedBy.has(dependent))
          blockedBy.set(dependent, blockedBy.get(id) ?? id);
        const left = (waiting.get(dependent) ?? 1) - 1;
        waiting.set(dependent, left);
        if (left === 0) ready.push(dependent);
      }
    };

    const pump = (): void => {
      while (head < ready.length && !walk.signal.aborted) {
        const id = ready[head] as string;
        const failedDependency = blockedBy.get(id);
        if (failedDependency !== undefined) {
          head++;
          started.add(id);
          walk.onSkipped(id, { kind: 'dependency-failed', dependency: failedDependency });
          complete(id, false);
          continue;
        }
        if (active >= walk.concurrency) break;
        head++;
        started.add(id);
        active++;
        void walk.visit(id).then(
          (isSuccess) => {
            active--;
            complete(id, isSuccess);
            pump();
          },
          () => {
            active--;
            complete(id, false);
            pump();
          },
        );
      }
      if (active === 0 && (finished === total || walk.signal.aborted || head >= ready.length)) {
        if (walk.signal.aborted) {
          for (const id of walk.ids)
            if (!started.has(id)) walk.onSkipped(id, { kind: 'cancelled' });
        }
        resolve();
      }
    };
    pump();
  });
}
