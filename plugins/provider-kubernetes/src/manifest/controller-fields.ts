/**
 * Fields controllers fill in after apply, which neither the dry run nor the apply response can
 * know yet: a ServiceAccount's token secrets (before 1.24), a claim's bound volume. Unless the
 * manifest sets them, they are left out of the normalised object, or every `drift` would report
 * them as changes made outside Kusion.
 */
import { isJsonObject } from './json-object.js';
import type { JsonObject } from './json-object.js';

const annotation = (name: string): readonly string[] => ['metadata', 'annotations', name];

const CONTROLLER_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'v1/ServiceAccount': [['secrets']],
  'v1/PersistentVolumeClaim': [
    ['spec', 'volumeName'],
    annotation('pv.kubernetes.io/bind-completed'),
    annotation('pv.kubernetes.io/bound-by-controller'),
    annotation('volume.beta.kubernetes.io/storage-provisioner'),
    annotation('volume.kubernetes.io/storage-provisioner'),
    annotation('volume.kubernetes.io/selected-node'),
  ],
  'v1/PersistentVolume': [['spec', 'claimRef'], annotation('pv.kubernetes.io/bound-by-controller')],
};

/** Removes, in place, the controller-filled fields the manifest does not set itself. */
export function dropControllerFields(object: JsonObject, manifest: JsonObject | undefined): void {
  const paths = CONTROLLER_FIELDS[`${String(object['apiVersion'])}/${String(object['kind'])}`];
  for (const path of paths ?? []) {
    if (manifest && has(manifest, path)) continue;
    const parent = parentOf(object, path);
    const last = path.at(-1);
    if (parent && last !== undefined) Reflect.deleteProperty(parent, last);
  }
}

function has(root: JsonObject, path: readonly string[]): boolean {
  const parent = parentOf(root, path);
  const last = path.at(-1);
  return parent !== undefined && last !== undefined && parent[last] !== undefined;
}

function parentOf(root: JsonObject, path: readonly string[]): JsonObject | undefined {
  let current: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return isJsonObject(current) ? current : undefined;
}
