// What is really in the cluster after a deploy, read with kubectl straight from the apiserver:
// the benchmark fails rather than report a deploy that did not do its work.
import { check, runQuiet } from '../engine-vs-terraform/timing.ts';
import { PER_NAMESPACE, RESOURCE_OF, REVISION_LABEL, SET_LABEL } from './manifests.ts';
import type { Kind } from './manifests.ts';

export interface LiveVersion {
  readonly kind: string;
  readonly resourceVersion: string;
  /** The revision label the object carries. */
  readonly revision: string | undefined;
}

/** Every object of `set`, by `Kind/namespace/name`. */
export type ClusterSnapshot = ReadonlyMap<string, LiveVersion>;

interface ListedObject {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion: string;
    labels?: Record<string, string>;
  };
}

export async function snapshotSet(
  set: string,
  kubeconfigPath: string,
  kubectlCacheDir: string,
  logPrefix: string,
): Promise<ClusterSnapshot> {
  const stdout = await runQuiet(
    'kubectl',
    [
      '--cache-dir',
      kubectlCacheDir,
      'get',
      Object.values(RESOURCE_OF).join(','),
      '--all-namespaces',
      '-l',
      `${SET_LABEL}=${set}`,
      '-o',
      'json',
    ],
    {
      cwd: process.cwd(),
      env: { ...process.env, KUBECONFIG: kubeconfigPath },
      logPrefix,
      label: `${set} kubectl get`,
    },
  );
  const { items } = JSON.parse(stdout) as { items: ListedObject[] };
  return new Map(
    items.map((item) => [
      `${item.kind}/${item.metadata.namespace ?? ''}/${item.metadata.name}`,
      {
        kind: item.kind,
        resourceVersion: item.metadata.resourceVersion,
        revision: item.metadata.labels?.[REVISION_LABEL],
      },
    ]),
  );
}

/** Exactly the objects of the set exist, kind by kind, all at `revision`. */
export function checkDeployed(
  snapshot: ClusterSnapshot,
  set: string,
  namespaceCount: number,
  revision: number,
): void {
  const expected: Record<string, number> = { Namespace: namespaceCount };
  for (const [kind, count] of Object.entries(PER_NAMESPACE))
    expected[kind] = count * namespaceCount;
  const actual: Record<string, number> = {};
  for (const kind of Object.keys(expected)) actual[kind] = 0;
  for (const { kind } of snapshot.values()) actual[kind] = (actual[kind as Kind] ?? 0) + 1;
  check(
    JSON.stringify(actual) === JSON.stringify(expected),
    `${set}: the cluster holds ${JSON.stringify(expected)} (found ${JSON.stringify(actual)})`,
  );
  const stale = [...snapshot].filter(([, live]) => live.revision !== String(revision));
  check(
    stale.length === 0,
    `${set}: every object at revision ${revision} (${stale.length} not, e.g. ${stale[0]?.[0] ?? ''})`,
  );
}

/** How many objects have another resourceVersion than before (were written). */
export function countWritten(before: ClusterSnapshot, after: ClusterSnapshot): number {
  let written = 0;
  for (const [key, live] of after)
    if (before.get(key)?.resourceVersion !== live.resourceVersion) written++;
  return written;
}
