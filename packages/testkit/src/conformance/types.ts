/** What a provider author gives the conformance suite, and what each check receives. */
import type { Provider, ProviderContext, Resource } from '@kusion/sdk';
import type { RecordingIoHost } from '../recording-io-host.js';
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

/** Gives each check fresh fixtures; ids unique per call keep checks from colliding. */
export type ConformanceFixtureFactory = (request: {
  /** The check's name, e.g. `delete-is-idempotent`. */
  readonly check: string;
}) => ConformanceFixtures | Promise<ConformanceFixtures>;

export interface ProviderConformanceOptions {
  /** Names the provider in test titles. */
  readonly name: string;
  /** A configured provider; called once per check. */
  readonly createProvider: () => Promise<Provider>;
  /** Fixed fixtures, or a factory (preferred: unique ids per check). */
  readonly fixtures: ConformanceFixtures | ConformanceFixtureFactory;
  readonly context: ProviderContext;
  /** Dot path of the cloud-assigned identity in the live object (`uid`, `metadata.uid`, `arn`). */
  readonly identityPath?: string;
  /** Runs after each check, before the provider is closed: remove what the check left behind. */
  readonly cleanup?: (target: {
    readonly provider: Provider;
    readonly fixtures: ConformanceFixtures;
  }) => void | Promise<void>;
  /** Per-check timeout in milliseconds, for providers that talk to real clouds. */
  readonly timeoutMs?: number;
}

/** What one check works with. */
export interface ConformanceTarget {
  readonly provider: Provider;
  readonly fixtures: ConformanceFixtures;
  /** Sends the provider well-formed requests, as the engine does. */
  readonly driver: ProviderDriver;
  readonly identityPath: string | undefined;
  /** Everything the provider told the user: its IoHost messages and its progress reports. */
  readonly io: RecordingIoHost;
  readonly reports: readonly string[];
}

/** Nothing when the check passed; a reason when it does not apply to this provider or fixture. */
export type ConformanceCheckResult = undefined | { readonly skipped: string };

export interface ConformanceCheck {
  /** Stable, kebab-case: `delete-is-idempotent`. */
  readonly name: string;
  /** The rule it proves, as a test title. */
  readonly title: string;
  /** Throws an assertion error when the provider breaks the rule. */
  run(target: ConformanceTarget): Promise<ConformanceCheckResult>;
}
