/**
 * AppConfiguration: what application developers write, once, in `main.ts` (with these typed
 * builders, checked by `tsc`) or `main.yaml` (the same shape, checked by the published schema).
 */
import type { Resource } from './resource.js';

export interface Container {
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly resources?: Readonly<Record<string, string>>;
}

export interface Port {
  readonly port: number;
  readonly targetPort?: number;
  readonly protocol?: 'TCP' | 'UDP';
  /** Exposed outside the cluster / network. */
  readonly public?: boolean;
}

/**
 * A secret the engine turns into a Kubernetes Secret in the app's namespace, as Kusion does:
 * `basic` (username, password), `token`, `opaque` (any keys), `certificate` (tls.crt, tls.key),
 * or `external`, whose `data` values are `ref://<name>/<key>` references resolved through the
 * workspace's secret store at apply time. A `basic` or `token` value left empty is generated.
 */
export interface WorkloadSecret {
  readonly type: 'basic' | 'token' | 'opaque' | 'certificate' | 'external';
  readonly data?: Readonly<Record<string, string>>;
  readonly immutable?: boolean;
  readonly params?: Readonly<Record<string, string>>;
}

export interface Workload {
  /** The module that turns it into resources; default `service` or `job` by `type`. */
  readonly module?: string;
  readonly type: 'service' | 'job';
  readonly containers: Readonly<Record<string, Container>>;
  readonly replicas?: number;
  readonly ports?: readonly Port[];
  /** Cron schedule, for jobs. */
  readonly schedule?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Secrets by name, generated as Kubernetes Secrets by the engine (the workload module mounts them). */
  readonly secrets?: Readonly<Record<string, WorkloadSecret>>;
}

/** A database, a bucket, a queue...: turned into resources by the named module. */
export interface Accessory {
  readonly module: string;
  readonly [setting: string]: unknown;
}

export interface AppConfiguration {
  readonly workload?: Workload;
  readonly accessories?: Readonly<Record<string, Accessory>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** What a stack's `main.ts` default-exports, and what `main.yaml` holds. */
export interface StackConfiguration {
  /** Applications by name, turned into resources by modules. */
  readonly apps?: Readonly<Record<string, AppConfiguration>>;
  /** Resources written directly, in the Spec's shape. */
  readonly resources?: readonly Resource[];
}

/**
 * What a `main.ts` that exports a function receives: the stack in its workspace, and the
 * `-D key=value` arguments of the command line (KusionStack Kusion's `--argument`).
 */
export interface StackContext {
  readonly project: string;
  readonly stack: string;
  readonly workspace: string;
  readonly args: Readonly<Record<string, string>>;
}

/** A stack written as a function of its context. */
export type StackFunction = (ctx: StackContext) => StackConfiguration | Promise<StackConfiguration>;

/** Declares a stack's configuration (typed identity: `tsc` checks it). */
export function defineStack(configuration: StackConfiguration): StackConfiguration {
  return configuration;
}

/**
 * Declares a stack computed from its context: `export default defineStackWithContext((ctx) =>
 * ({ ... ctx.args.image ... }))`; `ctx.args` holds the `-D key=value` arguments. A function of
 * its own, not an overload of `defineStack`, so a misspelt key there keeps its "did you mean".
 */
export function defineStackWithContext(configuration: StackFunction): StackFunction {
  return configuration;
}

export function appConfiguration(app: AppConfiguration): AppConfiguration {
  return app;
}

/** A long-running workload. */
export function service(workload: Omit<Workload, 'type'>): Workload {
  return { ...workload, type: 'service' };
}

/** A run-to-completion workload. */
export function job(workload: Omit<Workload, 'type'>): Workload {
  return { ...workload, type: 'job' };
}
