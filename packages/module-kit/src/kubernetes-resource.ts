/**
 * A Kubernetes object as a Spec resource, the way Kusion writes one: the whole manifest as
 * attributes, the id `apiVersion:Kind:namespace:name`, and `extensions.GVK` (`apps/v1,
 * Kind=Deployment`, `/v1, Kind=Secret` for the core group), which the Kubernetes provider checks.
 */
import { kubernetesResourceId } from '@kusion/sdk';
import type { Attributes, Resource } from '@kusion/sdk';

/** The fields every manifest has; the rest is the object's own. */
export interface KubernetesManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string | undefined;
    readonly labels?: Readonly<Record<string, string>> | undefined;
    readonly annotations?: Readonly<Record<string, string>> | undefined;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

export interface KubernetesResourceOptions {
  /** Ids that must be applied first, beyond what references and the provider infer. */
  readonly dependsOn?: readonly string[] | undefined;
  /** Attribute paths holding secrets (masked, hashed in state, sealed in releases). */
  readonly sensitivePaths?: readonly string[] | undefined;
  readonly extensions?: Attributes | undefined;
}

export function kubernetesResource(
  manifest: KubernetesManifest,
  options: KubernetesResourceOptions = {},
): Resource {
  const extensions: Record<string, unknown> = {
    GVK: groupVersionKind(manifest.apiVersion, manifest.kind),
    ...options.extensions,
  };
  if (options.sensitivePaths?.length) extensions['sensitivePaths'] = [...options.sensitivePaths];
  return {
    id: kubernetesResourceId(manifest),
    type: 'Kubernetes',
    attributes: withoutUndefined(manifest) as Attributes,
    ...(options.dependsOn?.length ? { dependsOn: [...options.dependsOn] } : {}),
    extensions,
  };
}

/** Go's `schema.GroupVersionKind.String()`: `apps/v1, Kind=Deployment`, `/v1, Kind=Secret`. */
export function groupVersionKind(apiVersion: string, kind: string): string {
  return `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Kind=${kind}`;
}

/**
 * A copy without `undefined` members, so generated objects compare equal to what a YAML or JSON
 * round trip gives (and no provider sees a key with nothing in it).
 */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [key, withoutUndefined(item)]),
  );
}
