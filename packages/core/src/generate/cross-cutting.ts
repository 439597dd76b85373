/**
 * The platform keys every module shares, read by the engine as Kusion does:
 *
 * - `importedResources` maps a generated resource's id to the id of an object that already exists
 *   in its cloud. The resource carries it in `extensions["kusionstack.io/import-id"]` (Kusion's
 *   key): the provider adopts that object instead of creating one, and Kusion never deletes it — a
 *   destroy, or removing it from the Spec, only forgets it.
 * - `healthPolicy` is a readiness rule recorded in `extensions.healthPolicy`: on the resources of
 *   the kind it names (`apiVersion` + `kind`), else on the module's workload resources.
 */
import { KusionError } from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';
import { HEALTH_POLICY } from './platform-config.js';

export const IMPORT_ID_EXTENSION = 'kusionstack.io/import-id';

/** Resource id → the cloud id to adopt, merged over every module of the app. */
export function mergeImportedResources(
  byModule: ReadonlyMap<string, Readonly<Record<string, string>>>,
): Map<string, string> {
  const merged = new Map<string, string>();
  const from = new Map<string, string>();
  for (const [module, imported] of byModule) {
    for (const [id, cloudId] of Object.entries(imported)) {
      const earlier = merged.get(id);
      if (earlier !== undefined && earlier !== cloudId) {
        throw new KusionError(
          'CONFIG_INVALID',
          `resource "${id}" is imported twice, as "${earlier}" (module ${from.get(id) ?? '?'}) and as "${cloudId}" (module ${module})`,
          { hint: 'keep one importedResources entry for it in the workspace' },
        );
      }
      merged.set(id, cloudId);
      from.set(id, module);
    }
  }
  return merged;
}

/** The resources with the import ids of those the workspace adopts; other ids are ignored, as in Kusion. */
export function markImported(
  resources: readonly Resource[],
  imported: ReadonlyMap<string, string>,
): Resource[] {
  if (!imported.size) return [...resources];
  return resources.map((resource) => {
    const cloudId = imported.get(resource.id);
    return cloudId === undefined ? resource : withExtension(resource, IMPORT_ID_EXTENSION, cloudId);
  });
}

/** The import id a resource (or its recorded state) carries, if the workspace adopted it. */
export function importIdOf(resource: Pick<Resource, 'extensions'>): string | undefined {
  const id = resource.extensions?.[IMPORT_ID_EXTENSION];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Records a module's health policy on the resources it is for: those of the `apiVersion`/`kind`
 * it names, else the workload's resources (when the module generated them).
 */
export function recordHealthPolicy(
  resources: readonly Resource[],
  policy: Attributes,
  ownIds: ReadonlySet<string>,
  workloadIds: ReadonlySet<string>,
): Resource[] {
  const { apiVersion, kind } = policy;
  const names = typeof kind === 'string';
  return resources.map((resource) => {
    if (!ownIds.has(resource.id)) return resource;
    const isTarget = names
      ? resource.type === 'Kubernetes' &&
        sameText(resource.attributes.kind, kind) &&
        (typeof apiVersion !== 'string' || sameText(resource.attributes.apiVersion, apiVersion))
      : workloadIds.has(resource.id);
    return isTarget ? withExtension(resource, HEALTH_POLICY, policy) : resource;
  });
}

function sameText(value: unknown, expected: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === expected.toLowerCase();
}

function withExtension(resource: Resource, key: string, value: unknown): Resource {
  return { ...resource, extensions: { ...resource.extensions, [key]: value } };
}
