/**
 * The provider contract: what every provider must do. There are two kinds, told apart by `kind`:
 *
 * - a **resource provider** reads, plans, applies and deletes one resource at a time (Kubernetes,
 *   GCP Resource Manager);
 * - a **batch provider** plans, applies, reads and deletes a whole set at once, for providers whose
 *   native engine deploys a template (CloudFormation, ARM, Terraform).
 *
 * A provider package's factory (`ProviderRegistration.create`) receives the workspace settings and
 * returns a provider ready to use, or throws a coded error: there is no second configuration step.
 * Every method takes one request object that carries an `AbortSignal` and the IoHost, so fields can
 * be added without breaking anyone. Results are readonly.
 *
 * The engine alone masks diffs and messages: a provider may return clear values in diffs and
 * errors; the engine masks sensitive paths and scrubs known secret values before anything reaches
 * the user.
 */
import type { Diagnostic } from './errors.js';
import type { IoHost } from './io-host.js';
import type { ChangeAction, DiffEntry } from './plan.js';
import type { Attributes, Resource, ResourceState } from './resource.js';

/** Where a provider runs: the names of what is being deployed. */
export interface ProviderContext {
  readonly project: string;
  readonly stack: string;
  readonly workspace: string;
  /** Absolute path of the project folder: relative paths in settings resolve against it. */
  readonly projectDir: string;
}

/**
 * Seals text with the engine's release key (AES-256-GCM: `KUSION_SECRET_KEY`, else
 * `$KUSION_HOME/secret.key`), for what a provider must keep in state but never in clear (a native
 * engine's own state file, e.g. Terraform's). `open` fails with a coded error on another key.
 */
export interface Sealer {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

/** What a provider factory receives. */
export interface ProviderFactoryRequest {
  /** The workspace's `providers.<name>` settings, `ref://` secrets resolved, without `package`/`types`. */
  readonly settings: Attributes;
  readonly context: ProviderContext;
  readonly io: IoHost;
  /** Aborted on Ctrl-C: a factory that connects somewhere stops waiting. */
  readonly signal: AbortSignal;
  /** Seals data the provider stores in state; given by engines from contract 2 on. */
  readonly sealer?: Sealer | undefined;
}

/** Every request carries these. */
export interface RequestBase {
  /** Aborted when the user insists (second Ctrl-C): stop waiting, leave the resource in a state `read` can see. */
  readonly signal: AbortSignal;
  readonly io: IoHost;
  readonly context: ProviderContext;
}

/** Flags of a deploy that providers honour. */
export interface ApplyOptions {
  /** Wait for readiness after apply where the provider can tell (`--watch`). */
  readonly watch: boolean;
  /** Take ownership of fields another manager owns (Kubernetes server-side apply). */
  readonly forceConflicts: boolean;
  /** Milliseconds since the epoch by which the operation must end (`--timeout`), if any. */
  readonly deadline?: number | undefined;
}

export interface ValidateRequest extends RequestBase {
  /** This provider's resources of the Spec. */
  readonly resources: readonly Resource[];
}

export interface InferDependenciesRequest {
  /** Every resource of the Spec, of every provider. */
  readonly resources: readonly Resource[];
}

/** An edge `dependent` → `dependency` the provider knows without the user writing it. */
export interface InferredDependency {
  readonly dependent: string;
  readonly dependency: string;
}

/**
 * What a provider learns from the whole Spec, as data: the edges it infers, and facts its later
 * calls need (Kubernetes: which custom resource kinds the Spec itself defines). The engine hands
 * `facts` back in every plan and apply request of the run.
 */
export interface DependencyInference {
  readonly edges: readonly InferredDependency[];
  readonly facts?: Attributes | undefined;
}

/**
 * What a provider tells about its calls to its cloud during the run, for `--timings` ("why was
 * this slow"): counted where the requests are sent, so retries inside an SDK count too.
 */
export interface ProviderMetrics {
  /** Requests sent to the cloud's API. */
  readonly apiCalls: number;
  /** Of those, answered with throttling (HTTP 429, ThrottlingException, RESOURCE_EXHAUSTED). */
  readonly throttled?: number;
  /** Requests by operation (`GET apps/v1 deployments`, `ExecuteChangeSet`), where the provider can tell. */
  readonly callsByOperation?: Readonly<Record<string, number>>;
}

/** Members every provider may have, whatever its kind. */
interface ProviderCommon {
  /**
   * How many of this provider's calls the engine makes at once when the user sets no
   * `--concurrency` (the engine's default is 10); in a run with several providers, the lowest
   * wins. An API built for many small concurrent requests (Kubernetes) may ask for more, one with
   * tight rate limits for fewer.
   */
  readonly concurrency?: number;
  /** Checks resources before planning; every problem is returned, none thrown. */
  validate?(request: ValidateRequest): Promise<readonly Diagnostic[]>;
  /**
   * Dependencies the provider knows without the user writing them (namespaces first...). A pure
   * function of the resources: calling it or not changes nothing else.
   */
  inferDependencies?(request: InferDependenciesRequest): DependencyInference;
  /** The calls made so far in this run; read by the engine before `close`. */
  metrics?(): ProviderMetrics;
  /** Releases connections; called once at the end of a run. */
  close?(): Promise<void>;
}

// ——— resource providers ———

export interface ReadRequest extends RequestBase {
  /** The desired resource, or the recorded one when it is only in state. */
  readonly resource: Resource;
  readonly prior?: ResourceState | undefined;
}

export interface ReadResult {
  /** The live object normalised like `PlanResult.predicted`, or undefined when it does not exist. */
  readonly live: Attributes | undefined;
}

export interface ReadManyRequest extends RequestBase {
  readonly items: readonly {
    readonly resource: Resource;
    readonly prior?: ResourceState | undefined;
  }[];
}

export interface PlanRequest extends RequestBase {
  /** The desired resource, references resolved where their values are known. */
  readonly resource: Resource;
  /** Attribute paths whose values are known only after apply (still `$kusion_path` strings). */
  readonly unknownPaths: readonly string[];
  readonly prior?: ResourceState | undefined;
  /** What `read` returned: undefined when the object does not exist. */
  readonly live?: Attributes | undefined;
  readonly options: ApplyOptions;
  /** What this provider's `inferDependencies` returned as `facts` for this Spec. */
  readonly facts?: Attributes | undefined;
}

export interface PlanResult {
  /**
   * The object as it will be after apply, normalised the same way as `read`'s live object. The
   * engine diffs it against the live object to decide between Update and UnChanged.
   */
  readonly predicted: Attributes;
  /** Set when the change cannot be made in place: the engine plans Replace with this reason. */
  readonly replaceReason?: string | undefined;
  /**
   * Set when apply would change something `predicted` does not show (Kubernetes: which fields
   * Kusion owns): the engine plans Update with this reason even when `predicted` equals the live
   * object, where it would otherwise plan UnChanged.
   */
  readonly updateReason?: string | undefined;
  /** Dot paths whose values are secrets: masked in every output, hashed in state. */
  readonly sensitivePaths?: readonly string[] | undefined;
}

export interface ApplyRequest extends RequestBase {
  /** The desired resource with every reference resolved. */
  readonly resource: Resource;
  readonly prior?: ResourceState | undefined;
  /** Create, Update or Replace (after the engine deleted the old object). */
  readonly action: Extract<ChangeAction, 'Create' | 'Update' | 'Replace'>;
  readonly options: ApplyOptions;
  /** What this provider's `inferDependencies` returned as `facts` for this Spec. */
  readonly facts?: Attributes | undefined;
  /** Reports progress shown on the resource's line. */
  readonly report: (status: string) => void;
}

export interface ApplyResult {
  /** The object as applied, normalised like `read`: what references to this resource resolve from. */
  readonly attributes: Attributes;
  readonly sensitivePaths?: readonly string[] | undefined;
}

export interface DeleteRequest extends RequestBase {
  /** The resource as recorded in state. */
  readonly resource: ResourceState;
  readonly options: ApplyOptions;
  readonly report: (status: string) => void;
}

export interface PlanDeleteRequest extends RequestBase {
  /** The resource as recorded in state, planned for deletion (removed from the Spec, or `destroy`). */
  readonly resource: ResourceState;
}

export interface PlanDeleteResult {
  /**
   * What deleting this object means, when the user must know before confirming (a GCP project is
   * scheduled for deletion with everything in it): the plan's reason says it after the engine's own.
   */
  readonly reason?: string | undefined;
}

export interface ImportRequest extends RequestBase {
  readonly type: string;
  /** The Kusion resource id to give the imported object. */
  readonly id: string;
}

export interface ImportResult {
  readonly resource: Resource;
  readonly live: Attributes;
}

export interface WatchRequest extends RequestBase {
  /** The resource as applied. */
  readonly resource: ResourceState;
  readonly options: ApplyOptions;
}

/** One observation while waiting for readiness. */
export interface ReadinessStatus {
  readonly isReady: boolean;
  /** What it waits for, e.g. "2/3 replicas available". */
  readonly message: string;
  /** The resource reached a state it will not recover from (a failed Job, a crash loop). */
  readonly isFailed?: boolean;
}

/**
 * A provider that works one resource at a time. Semantics every implementation must keep:
 * - `plan` and `read` never mutate anything.
 * - `apply` is safe to retry: applying the same request twice converges on the same object.
 * - A failed `apply` of a new resource leaves nothing behind, or something `read` sees.
 * - `delete` is idempotent: deleting what is gone succeeds.
 * - Transient failures are thrown as `ProviderError` with `retryable: true`.
 */
export interface ResourceProvider extends ProviderCommon {
  readonly kind: 'resource';
  /** Reads one live object. */
  read(request: ReadRequest): Promise<ReadResult>;
  /** Reads many live objects at once (one LIST per kind...); used instead of `read` when present. */
  readMany?(request: ReadManyRequest): Promise<ReadonlyMap<string, Attributes | undefined>>;
  /** Predicts the object after apply. Never mutates. */
  plan(request: PlanRequest): Promise<PlanResult>;
  /** Creates or updates one object. Safe to retry. */
  apply(request: ApplyRequest): Promise<ApplyResult>;
  /** Deletes one object and waits until it is gone. Idempotent. */
  delete(request: DeleteRequest): Promise<void>;
  /**
   * Says what deleting one recorded object will mean, while planning; never mutates. A provider
   * may also warn through the IoHost (`PROVIDER_NOTICE` at level `warn`).
   */
  planDelete?(request: PlanDeleteRequest): Promise<PlanDeleteResult>;
  /** Describes an existing object so it can be adopted. */
  import?(request: ImportRequest): Promise<ImportResult | undefined>;
  /** Yields readiness observations until the object is ready, failed, or the signal aborts. */
  watch?(request: WatchRequest): AsyncIterable<ReadinessStatus>;
}

// ——— batch providers ———

/** One resource's plan in a batch. The engine masks `diff` by the resource's sensitive paths. */
export interface BatchChange {
  readonly action: ChangeAction;
  readonly reason: string;
  readonly diff?: readonly DiffEntry[];
  /** Paths of this resource the provider knows to be secret (e.g. NoEcho properties). */
  readonly sensitivePaths?: readonly string[] | undefined;
}

export interface BatchPlanRequest extends RequestBase {
  /** This provider's desired resources. References to resources of the same batch stay as strings. */
  readonly resources: readonly Resource[];
  readonly unknownPaths: ReadonlyMap<string, readonly string[]>;
  /** Everything this provider has in state, including resources that will be deleted. */
  readonly priors: readonly ResourceState[];
  /**
   * For each resource of the batch, the attribute paths resources of other providers reference
   * (`$kusion_path.<id>.<path>`): the values the apply result must carry (e.g. as stack Outputs).
   */
  readonly referencedAttributes: ReadonlyMap<string, readonly string[]>;
  readonly options: ApplyOptions;
  readonly facts?: Attributes | undefined;
}

export interface BatchPlanResult {
  /** One entry per desired resource and per prior resource that is no longer desired. */
  readonly changes: ReadonlyMap<string, BatchChange>;
}

export interface BatchApplyRequest extends RequestBase {
  /**
   * The desired resources after this wave: cumulative, so wave k holds waves 1..k. References to
   * other providers are resolved; references inside the batch are left for the native engine.
   */
  readonly resources: readonly Resource[];
  readonly priors: readonly ResourceState[];
  /** As in the batch plan: attribute paths other providers reference, per resource. */
  readonly referencedAttributes: ReadonlyMap<string, readonly string[]>;
  /** Ids to remove; non-empty only in the last wave. */
  readonly deletions: readonly string[];
  /** 1-based wave number and the number of waves. */
  readonly wave: number;
  readonly waves: number;
  readonly options: ApplyOptions;
  readonly facts?: Attributes | undefined;
  readonly report: (id: string, status: string) => void;
}

export type BatchOutcome =
  | {
      readonly status: 'succeeded';
      readonly attributes: Attributes;
      readonly sensitivePaths?: readonly string[];
    }
  | { readonly status: 'deleted' }
  | { readonly status: 'failed'; readonly error: string };

export interface BatchApplyResult {
  /** One outcome per resource the request named (applied or deleted). */
  readonly outcomes: ReadonlyMap<string, BatchOutcome>;
}

export interface BatchDeleteRequest extends RequestBase {
  /** Everything of this provider recorded in state: all of it is removed. */
  readonly priors: readonly ResourceState[];
  readonly options: ApplyOptions;
  readonly report: (id: string, status: string) => void;
}

export interface BatchReadRequest extends RequestBase {
  /** The resources to read, as desired or as recorded. */
  readonly items: readonly {
    readonly resource: Resource;
    readonly prior?: ResourceState | undefined;
  }[];
}

export interface BatchReadResult {
  /** The live object of each item, normalised like an apply result; undefined when it is gone. */
  readonly live: ReadonlyMap<string, Attributes | undefined>;
}

/**
 * A provider whose native engine deploys a whole template (CloudFormation, ARM, Terraform). The
 * engine still plans and reports per resource; one graph node stands for the batch, and is split
 * into ordered waves when it would form a cycle with another provider's resources. Semantics:
 * - `plan` and `read` never mutate anything.
 * - `apply` converges the native deployment on `resources`; safe to retry.
 * - `delete` removes everything of the batch; idempotent.
 * - Transient failures are thrown as `ProviderError` with `retryable: true`.
 */
export interface BatchProvider extends ProviderCommon {
  readonly kind: 'batch';
  plan(request: BatchPlanRequest): Promise<BatchPlanResult>;
  apply(request: BatchApplyRequest): Promise<BatchApplyResult>;
  delete(request: BatchDeleteRequest): Promise<BatchApplyResult>;
  /** Reads the live objects of the batch (drift). */
  read(request: BatchReadRequest): Promise<BatchReadResult>;
}

/** A provider of either kind. */
export type Provider = ResourceProvider | BatchProvider;

/** Whether a provider is the batch kind. */
export function isBatchProvider(provider: Provider): provider is BatchProvider {
  return provider.kind === 'batch';
}
