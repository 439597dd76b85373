/**
 * How the engine applies module patchers, written once here so the engine and the module test
 * kit agree: env vars, labels and annotations go to the app's workload resources (pod labels and
 * annotations, and env vars, into their pod template); JSON patches to the resources they name.
 */
import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { KusionError } from './errors.js';
import type { EnvVar, JsonPatcher, Patcher } from './module.js';
import type { Attributes, Resource } from './resource.js';

export interface ApplyPatchersRequest {
  readonly resources: readonly Resource[];
  /** Ids of the resources the app's workload module generated: labels, env vars... go there. */
  readonly workloadIds: ReadonlySet<string>;
  readonly patchers: readonly Patcher[];
}

/** The resources with every patcher applied, in order; throws naming a patch whose target is absent. */
export function applyPatchers(request: ApplyPatchersRequest): Resource[] {
  const byId = new Map<string, Resource>(
    request.resources.map((resource) => [resource.id, structuredClone(resource)]),
  );
  for (const patcher of request.patchers) {
    for (const id of request.workloadIds) {
      const resource = byId.get(id);
      if (resource)
        byId.set(id, { ...resource, attributes: patchWorkload(resource.attributes, patcher) });
    }
    for (const [id, patch] of Object.entries(patcher.jsonPatches ?? {})) {
      const resource = byId.get(id);
      if (!resource) {
        throw new KusionError(
          'SPEC_INVALID',
          `a module patches resource "${id}", which no module generated`,
          {
            hint: 'patch a resource id the workload or an accessory generates (see `kusion generate`)',
          },
        );
      }
      byId.set(id, { ...resource, attributes: applyJsonPatcher(id, resource.attributes, patch) });
    }
  }
  return request.resources.map((resource) => byId.get(resource.id) ?? resource);
}

/** A JSON merge patch (RFC 7386): objects merge, `null` removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result = new Map(isObject(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) result.delete(key);
    else result.set(key, mergePatch(result.get(key), value));
  }
  return Object.fromEntries(result);
}

function applyJsonPatcher(id: string, attributes: Attributes, patcher: JsonPatcher): Attributes {
  if (patcher.type === 'merge') return mergePatch(attributes, patcher.patch) as Attributes;
  try {
    const operations = patcher.patch as unknown as Operation[];
    return jsonPatch.applyPatch(structuredClone(attributes), operations, true, false).newDocument;
  } catch (error) {
    throw new KusionError(
      'SPEC_INVALID',
      `a module's JSON patch of "${id}" does not apply: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        hint: 'the patch must follow RFC 6902 and address paths the resource has',
      },
    );
  }
}

/** Where a Kubernetes workload keeps its pod template, by kind. */
function podTemplatePath(kind: unknown): readonly string[] | undefined {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return ['spec', 'template'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template'];
    case 'Pod':
      return [];
    default:
      return undefined;
  }
}

function patchWorkload(attributes: Attributes, patcher: Patcher): Attributes {
  const copy = structuredClone(attributes) as Record<string, unknown>;
  addEntries(copy, ['metadata', 'labels'], patcher.labels);
  addEntries(copy, ['metadata', 'annotations'], patcher.annotations);
  const template = podTemplatePath(copy['kind']);
  if (template) {
    addEntries(copy, [...template, 'metadata', 'labels'], patcher.podLabels);
    addEntries(copy, [...template, 'metadata', 'annotations'], patcher.podAnnotations);
    if (patcher.environments?.length)
      addEnv(objectAt(copy, [...template, 'spec']), patcher.environments);
  }
  return copy;
}

function addEntries(
  root: Record<string, unknown>,
  path: readonly string[],
  entries: Readonly<Record<string, string>> | undefined,
): void {
  if (!entries || !Object.keys(entries).length) return;
  const target = objectAt(root, path);
  Object.assign(target, entries);
}

/** Every container (and init container) gets the variables; a variable of the same name is replaced. */
function addEnv(podSpec: Record<string, unknown>, environments: readonly EnvVar[]): void {
  for (const key of ['containers', 'initContainers']) {
    const containers = podSpec[key];
    if (!Array.isArray(containers)) continue;
    for (const container of containers as Record<string, unknown>[]) {
      const names = new Set(environments.map((env) => env.name));
      const kept = Array.isArray(container['env'])
        ? (container['env'] as { name?: unknown }[]).filter((env) => !names.has(String(env.name)))
        : [];
      container['env'] = [...kept, ...environments.map((env) => ({ ...env }))];
    }
  }
}

function objectAt(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let current = root;
  for (const segment of path) {
    const next = current[segment];
    if (!isObject(next)) current[segment] = {};
    current = current[segment] as Record<string, unknown>;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
