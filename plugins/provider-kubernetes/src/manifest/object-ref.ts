/** What names one Kubernetes object: its group/version, kind, namespace and name. */
import { stringAt } from './json-object.js';

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  /** Absent for cluster-scoped objects (and for namespaced ones that default it). */
  readonly namespace?: string | undefined;
  readonly name: string;
}

/** `apps/v1` → group `apps`; `v1` → the core group `''`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The reference a manifest describes, or undefined when apiVersion, kind or name is missing. */
export function refOf(manifest: unknown): ObjectRef | undefined {
  const apiVersion = stringAt(manifest, 'apiVersion');
  const kind = stringAt(manifest, 'kind');
  const name = stringAt(manifest, 'metadata', 'name');
  if (!apiVersion || !kind || !name) return undefined;
  const namespace = stringAt(manifest, 'metadata', 'namespace');
  return { apiVersion, kind, namespace: namespace || undefined, name };
}

/** For messages: `Deployment default/web`, `Namespace prod`. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
