/** What a backend author gives the backend conformance suite, and what each check receives. */
import type { Backend } from '@kusion/sdk';

/** One fresh, empty place to store workspaces, releases and locks: a folder, a bucket prefix… */
export interface BackendStorage {
  /**
   * A new backend on this storage, as another process would open it: it sees every record the
   * others stored but shares none of their in-memory state (open journals, cached ETags).
   */
  open(): Backend | Promise<Backend>;
  /** Runs after the check, once every backend it opened is closed: remove the storage. */
  remove?(): void | Promise<void>;
}

export interface BackendConformanceOptions {
  /** Names the backend in test titles. */
  readonly name: string;
  /** Fresh, empty storage; called once per check. */
  readonly createStorage: () => BackendStorage | Promise<BackendStorage>;
  /** Per-check timeout in milliseconds, for backends that talk to real services. */
  readonly timeoutMs?: number;
}

/** What one check works with: backends on one storage, closed for it when the check ends. */
export interface BackendTarget {
  open(): Promise<Backend>;
}

export interface BackendConformanceCheck {
  /** Stable, kebab-case: `release-create-race`. */
  readonly name: string;
  /** The rule it proves, as a test title. */
  readonly title: string;
  /** Throws an assertion error when the backend breaks the rule. */
  run(target: BackendTarget): Promise<void>;
  /** Why the check does not apply to this backend (it lacks an optional part), if it does not. */
  skipWhen?(backend: Backend): string | undefined;
}
