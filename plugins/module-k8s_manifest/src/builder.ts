/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { k8sManifest } from '@kusion/module-k8s_manifest';
 * appConfiguration({ accessories: { manifests: k8sManifest({ paths: ['manifests/'] }) } });
 * ```
 */

/** `accessories.<name>` for this module. */
export type K8sManifestAccessory = {
  readonly module: 'k8s_manifest';
  /** Files or folders, relative to the project folder. */
  readonly paths: readonly string[];
};

export function k8sManifest(settings: Omit<K8sManifestAccessory, 'module'>): K8sManifestAccessory {
  return { module: 'k8s_manifest', ...settings };
}
