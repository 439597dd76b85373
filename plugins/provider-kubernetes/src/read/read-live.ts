/**
 * Reading live objects: `read` GETs one; `readMany` reads a whole Spec with one LIST per kind and
 * namespace (a GET when only one object is wanted there), skips namespaces that do not exist, and
 * treats kinds the cluster does not serve (a CRD not installed yet) as objects that do not exist.
 */
import type { Attributes, Resource } from '@kusion/sdk';
import type { ResourceMapping } from '../client/discovery.js';
import { toProviderError } from '../client/provider-errors.js';
import { normalizeObject } from '../manifest/normalize.js';
import { refOf } from '../manifest/object-ref.js';
import type { ObjectRef } from '../manifest/object-ref.js';
import { stringAt } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import type { RunContext } from '../run-context.js';
import { mapInParallel } from './parallel.js';

/** Reads one live object, normalised; undefined when it does not exist. */
export async function readResource(
  run: RunContext,
  resource: Resource,
  signal: AbortSignal,
): Promise<Attributes | undefined> {
  const ref = refOf(resource.attributes);
  if (!ref) return undefined;
  try {
    const mapping = await run.objects.mapper.find(ref.apiVersion, ref.kind, signal);
    if (!mapping) return undefined;
    const raw = await run.objects.get(mapping, ref, signal);
    return remember(run, resource, raw, mapping);
  } catch (error) {
    throw toProviderError(error, { resourceId: resource.id, manifest: resource.attributes });
  }
}

interface Wanted {
  readonly id: string;
  readonly resource: Resource;
  readonly ref: ObjectRef;
  readonly mapping: ResourceMapping;
}

/** Reads many live objects with as few requests as the cluster allows. */
export async function readResources(
  run: RunContext,
  resources: readonly Resource[],
  signal: AbortSignal,
): Promise<Map<string, Attributes | undefined>> {
  const live = new Map<string, Attributes | undefined>(resources.map((r) => [r.id, undefined]));
  const wanted = await resolveMappings(run, resources, signal);

  // What this read finds absent is what plan may rely on: forget older findings.
  run.absentNamespaces.clear();
  // Cluster-scoped kinds first: they tell which namespaces exist.
  const clusterScoped = groupBy(
    wanted.filter((w) => !w.mapping.isNamespaced),
    (w) => w.mapping.apiVersion + ':' + w.mapping.kind,
  );
  await mapInParallel([...clusterScoped.values()], (group) =>
    readGroup(run, group, undefined, live, signal),
  );
  for (const item of wanted) {
    if (item.mapping.apiVersion === 'v1' && item.mapping.kind === 'Namespace') {
      if (live.get(item.id)) run.absentNamespaces.delete(item.ref.name);
      else run.absentNamespaces.add(item.ref.name);
    }
  }

  const namespaced = groupBy(
    wanted.filter((w) => w.mapping.isNamespaced),
    (w) => `${w.mapping.apiVersion}:${w.mapping.kind}:${namespaceOf(run, w.ref)}`,
  );
  const groups = [...namespaced.values()].filter((group) => {
    const first = group[0];
    return first !== undefined && !run.absentNamespaces.has(namespaceOf(run, first.ref));
  });
  await mapInParallel(groups, (group) =>
    readGroup(run, group, group[0] && namespaceOf(run, group[0].ref), live, signal),
  );
  return live;
}

async function resolveMappings(
  run: RunContext,
  resources: readonly Resource[],
  signal: AbortSignal,
): Promise<Wanted[]> {
  const wanted: Wanted[] = [];
  await mapInParallel(resources, async (resource) => {
    const ref = refOf(resource.attributes);
    if (!ref) return;
    try {
      const mapping = await run.objects.mapper.find(ref.apiVersion, ref.kind, signal);
      if (mapping) wanted.push({ id: resource.id, resource, ref, mapping });
    } catch (error) {
      throw toProviderError(error, { resourceId: resource.id });
    }
  });
  return wanted;
}

async function readGroup(
  run: RunContext,
  group: readonly Wanted[],
  namespace: string | undefined,
  live: Map<string, Attributes | undefined>,
  signal: AbortSignal,
): Promise<void> {
  const [first] = group;
  if (!first) return;
  try {
    if (group.length === 1) {
      live.set(
        first.id,
        remember(
          run,
          first.resource,
          await run.objects.get(first.mapping, first.ref, signal),
          first.mapping,
        ),
      );
      return;
    }
    const items = await run.objects.list(first.mapping, namespace, signal);
    const byName = new Map(items.map((item) => [stringAt(item, 'metadata', 'name'), item]));
    for (const item of group)
      live.set(item.id, remember(run, item.resource, byName.get(item.ref.name), item.mapping));
  } catch (error) {
    throw toProviderError(error, { resourceId: first.id });
  }
}

/** Keeps the raw object for plan and watch, and answers with its normalised form. */
function remember(
  run: RunContext,
  resource: Resource,
  raw: JsonObject | undefined,
  mapping: ResourceMapping,
): Attributes | undefined {
  if (!raw) {
    run.lastSeen.delete(resource.id);
    return undefined;
  }
  run.lastSeen.set(resource.id, raw);
  return normalizeObject(raw, { identity: mapping, manifest: resource.attributes });
}

function namespaceOf(run: RunContext, ref: ObjectRef): string {
  return ref.namespace ?? run.objects.defaultNamespace;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
