/**
 * The common resource model: what `generate` produces and every provider consumes.
 * The shape follows KusionStack Kusion's Spec so its files are accepted unchanged.
 */

/** A JSON object: the attributes of a resource. */
export type Attributes = Readonly<Record<string, unknown>>;

/** One resource of a Spec. */
export interface Resource {
  /**
   * Unique within a Spec. Kubernetes ids are `apiVersion:Kind:namespace:name` (namespace omitted
   * when cluster-scoped); other providers choose their own scheme. Ids may contain dots.
   */
  readonly id: string;
  /** Names the provider that owns the resource: `Kubernetes`, `AWS`, `Azure`, `GCP`, `Test`... */
  readonly type: string;
  /**
   * The desired object in the provider's own terms. A string value
   * `$kusion_path.<id>.<attribute.path>` is a reference: a dependency edge, and a value resolved at
   * apply time from the referenced resource's applied state.
   */
  readonly attributes: Attributes;
  /** Ids that must be applied before this one (references add edges on their own). */
  readonly dependsOn?: readonly string[];
  /** Free-form data for providers and plugins (Kusion writes `GVK` here for Kubernetes). */
  readonly extensions?: Attributes;
}

/** The output of `generate`: one flat list of resources. */
export interface Spec {
  readonly resources: readonly Resource[];
  /**
   * The workspace's secret store, copied by `generate` as Kusion does: where the `ref://` values in
   * the resources are resolved. Informative: a run resolves through its workspace's store.
   */
  readonly secretStore?: Attributes | undefined;
  /** The workspace's `context`, copied by `generate` as Kusion does (its `ref://` values unresolved). */
  readonly context?: Attributes | undefined;
}

/**
 * An operation that started on a resource and whose outcome nobody saw: the run recorded it
 * before calling the provider (a batch provider about to create a CloudFormation stack), or the
 * call was aborted after the grace period of an interrupted run.
 */
export interface PendingOperation {
  readonly action: 'Create' | 'Update' | 'Replace' | 'Delete';
  /** ISO-8601: when it started. */
  readonly since: string;
  /** Why its outcome is unknown, in a few words. */
  readonly reason: string;
}

/** What the state records for one resource after an operation. */
export interface ResourceState extends Resource {
  /** Dot paths whose values are stored as a hash, never in clear text. */
  readonly sensitivePaths?: readonly string[];
  /**
   * Set when the last operation's outcome is unknown: `attributes` are then what was asked for,
   * not what is live. The next plan reads the resource back (it is adopted if it exists, created
   * if not), `destroy` deletes it (delete is idempotent), and `drift` reports it as unknown.
   */
  readonly pending?: PendingOperation;
}

/** The state of one stack in one workspace: the resources as last applied. */
export interface State {
  readonly resources: readonly ResourceState[];
}

/** The prefix of a reference string. */
export const KUSION_PATH_PREFIX = '$kusion_path.';

/** Builds a reference to an attribute of another resource: `$kusion_path.<id>.<path>`. */
export function kusionPath(resourceId: string, attributePath: string): string {
  return `${KUSION_PATH_PREFIX}${resourceId}.${attributePath}`;
}

/** Whether a value is a reference string. */
export function isKusionPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(KUSION_PATH_PREFIX);
}

/**
 * The Kubernetes resource id Kusion uses: `apiVersion:Kind:namespace:name`, or
 * `apiVersion:Kind:name` for cluster-scoped objects.
 */
export function kubernetesResourceId(manifest: {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string | undefined };
}): string {
  const { apiVersion, kind, metadata } = manifest;
  return metadata.namespace
    ? `${apiVersion}:${kind}:${metadata.namespace}:${metadata.name}`
    : `${apiVersion}:${kind}:${metadata.name}`;
}

/** The `extensions` key under which a resource lists attribute paths that hold secrets. */
export const SENSITIVE_PATHS_EXTENSION = 'sensitivePaths';

/** The paths a resource declares sensitive under `extensions.sensitivePaths` (strings only). */
export function declaredSensitivePaths(resource: Pick<Resource, 'extensions'>): string[] {
  const declared = resource.extensions?.[SENSITIVE_PATHS_EXTENSION];
  return Array.isArray(declared)
    ? declared.filter((path): path is string => typeof path === 'string')
    : [];
}
