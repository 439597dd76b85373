/**
 * The workload settings Kusion's `service` and `job` modules read, as TypeScript types. They
 * extend the sdk's `Workload` (so a value built with them is a valid AppConfiguration workload)
 * with what those modules understand: files, folders, probes, lifecycle hooks and secrets.
 */
import type { Port } from '@kusion/sdk';

/**
 * `Http` (`url`, `headers`), `Exec` (`command`) or `Tcp` (`url`); Kusion's qualified names
 * (`service.container.probe.Http`) are accepted too.
 */
export type ProbeHandlerType = HandlerKind | `${string}.${HandlerKind}`;
type HandlerKind = 'Http' | 'Exec' | 'Tcp';

export interface ProbeHandler {
  readonly _type: ProbeHandlerType;
  /** Http: `http://localhost:8080/healthz` (the host is dropped when local); Tcp: `localhost:5432`. */
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Exec. */
  readonly command?: readonly string[];
}

export interface Probe {
  readonly probeHandler: ProbeHandler;
  readonly initialDelaySeconds?: number;
  readonly timeoutSeconds?: number;
  readonly periodSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
}

export interface LifecycleHandler {
  /** `Http` or `Exec` (Kusion's qualified names accepted). */
  readonly _type: 'Http' | 'Exec' | `${string}.Http` | `${string}.Exec`;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly command?: readonly string[];
}

export interface Lifecycle {
  readonly preStop?: LifecycleHandler;
  readonly postStart?: LifecycleHandler;
}

/** A file in the container: inline `content` (a ConfigMap) or `contentFrom: secret://name/key`. */
export interface FileSpec {
  readonly content?: string;
  readonly contentFrom?: string;
  /** Octal permission bits as a string, default `0644`. */
  readonly mode?: string;
}

export interface WorkloadContainer {
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Values are text, or `secret://<secret>/<key>` for a value read from a Secret. */
  readonly env?: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  /** `cpu: 500m` (a limit) or `cpu: 250m-500m` (request-limit), as Kusion writes them. */
  readonly resources?: Readonly<Record<string, string>>;
  /** Absolute path in the container → file. */
  readonly files?: Readonly<Record<string, FileSpec>>;
  /** Absolute folder in the container → `secret://<secret>`: every key of the Secret as a file. */
  readonly dirs?: Readonly<Record<string, string>>;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly lifecycle?: Lifecycle;
}

/** A Secret the engine generates from the workload (`secrets.<name>`), referenced as `secret://<name>/<key>`. */
export interface WorkloadSecret {
  readonly type: 'basic' | 'token' | 'opaque' | 'certificate' | 'external';
  readonly data?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
  readonly immutable?: boolean;
}

/** What both workload modules read. */
export interface WorkloadSettings {
  readonly module?: string;
  readonly containers: Readonly<Record<string, WorkloadContainer>>;
  readonly replicas?: number;
  readonly ports?: readonly Port[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, WorkloadSecret>>;
}

/** The platform defaults both workload modules take from the workspace. */
export interface WorkloadPlatformSettings {
  readonly replicas?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}
