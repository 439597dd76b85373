/** What a provider author gives the conformance suite, and what each check receives. */
import type {
  Attributes,
  BatchProvider,
  Provider,
  ProviderContext,
  Resource,
  ResourceProvider,
} from '@kusion/sdk';
import type { RecordingIoHost } from '../recording-io-host.js';
import type { BatchDriver } from './batch-driver.js';
import type { ProviderDriver } from './provider-driver.js';

/** Resources the checks create, update and delete: all with the same id and type. */
export interface ConformanceFixtures {
  /** A resource that can be created. Declare `extensions.sensitivePaths` to run the secrets check. */
  readonly create: Resource;
  /** The same resource with an attribute changed in place. */
  readonly update: Resource;
  /** The same resource with a change the provider can only make by replacing it. */
  readonly replace?: Resource;
}

/**
 * A batch provider's fixtures: the resource-level ones, plus what exercises a whole batch — a
 * second member, a member that fails, and the attribute other providers read.
 */
export interface BatchConformanceFixtures extends ConformanceFixtures {
  /**
   * A second member of the batch (another id) whose attributes carry `value` somewhere the provider
   * keeps: used for waves (the value comes from another provider), and, given a `$kusion_path`
   * reference to `create`, for references inside the batch.
   */
  readonly member: (value: string) => Resource;
  /** Where `value` shows in the live object of `member(value)` (a dot path). */
  readonly memberValuePath: string;
  /**
   * Reads the value a member holds straight from the cloud, for providers whose live objects keep
   * references as written (as the state records them); default: `memberValuePath` of the live object.
   */
  readonly readMemberValue?: (member: Resource, live: Attributes | undefined) => Promise<unknown>;
  /** A member whose apply fails (an invalid property, an injected fault): a failure mid-batch. */
  readonly failing: Resource;
  /**
   * A path of `create`'s applied attributes that resources of other providers may reference
   * (`Arn`, `QueueUrl`, `uid`): the batch apply must answer its value.
   */
  readonly outputPath: string;
}

/** Gives each check fresh fixtures; ids unique per call keep checks from colliding. */
export type FixtureFactory<F> = (request: {
  /** The check's name, e.g. `delete-is-idempotent`. */
  readonly check: string;
}) => F | Promise<F>;

export type ConformanceFixtureFactory = FixtureFactory<ConformanceFixtures>;

interface CommonOptions<P extends Provider, F> {
  /** Names the provider in test titles. */
  readonly name: string;
  /** A provider ready to use (made by its package's factory); called once per check. */
  readonly createProvider: () => Promise<P>;
  /** Fixed fixtures, or a factory (preferred: unique ids per check). */
  readonly fixtures: F | FixtureFactory<F>;
  readonly context: ProviderContext;
  /** Dot path of the cloud-assigned identity in the live object (`uid`, `metadata.uid`, `arn`). */
  readonly identityPath?: string;
  /** Runs after each check, before the provider is closed: remove what the check left behind. */
  readonly cleanup?: (target: {
    readonly provider: P;
    readonly fixtures: F;
  }) => void | Promise<void>;
  /** Per-check timeout in milliseconds, for providers that talk to real clouds. */
  readonly timeoutMs?: number;
}

/** Options for a resource provider (the default kind). */
export interface ProviderConformanceOptions extends CommonOptions<
  ResourceProvider,
  ConformanceFixtures
> {
  readonly kind?: 'resource';
}

/** Options for a batch provider. */
export interface BatchProviderConformanceOptions extends CommonOptions<
  BatchProvider,
  BatchConformanceFixtures
> {
  readonly kind: 'batch';
}

export type AnyConformanceOptions = ProviderConformanceOptions | BatchProviderConformanceOptions;

/** What one check works with. */
export interface ConformanceTarget {
  readonly provider: ResourceProvider;
  readonly fixtures: ConformanceFixtures;
  /** Sends the provider well-formed requests, as the engine does. */
  readonly driver: ProviderDriver;
  readonly identityPath: string | undefined;
  /** Everything the provider told the user: its IoHost messages and its progress reports. */
  readonly io: RecordingIoHost;
  readonly reports: readonly string[];
}

/** What one batch check works with. */
export interface BatchConformanceTarget {
  readonly provider: BatchProvider;
  readonly fixtures: BatchConformanceFixtures;
  /** Sends the provider well-formed batch requests, keeping state as the engine does. */
  readonly driver: BatchDriver;
  readonly identityPath: string | undefined;
  readonly io: RecordingIoHost;
  readonly reports: readonly string[];
}

/** Nothing when the check passed; a reason when it does not apply to this provider or fixture. */
export type ConformanceCheckResult = undefined | { readonly skipped: string };

export interface ConformanceCheck<T = ConformanceTarget> {
  /** Stable, kebab-case: `delete-is-idempotent`. */
  readonly name: string;
  /** The rule it proves, as a test title. */
  readonly title: string;
  /** Throws an assertion error when the provider breaks the rule. */
  run(target: T): Promise<ConformanceCheckResult>;
}

export type BatchConformanceCheck = ConformanceCheck<BatchConformanceTarget>;
