/**
 * Coded errors. Every error a user can see carries a code, says what was received and how to fix
 * it. Errors are recognised by brand (`isKusionError`), not `instanceof`: a third-party plugin may
 * bring its own copy of this package.
 */

const ERROR_BRAND = Symbol.for('kusion.error');

/** Codes of errors raised by Kusion itself; plugins may use their own strings. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'SPEC_INVALID'
  | 'GRAPH_CYCLE'
  | 'GRAPH_DANGLING_REFERENCE'
  | 'PLUGIN_LOAD_FAILED'
  | 'PROVIDER_NOT_FOUND'
  | 'PROVIDER_FAILED'
  | 'HOOK_FAILED'
  | 'PLAN_VETOED'
  | 'POLICY_FAILED'
  | 'LOCKED'
  | 'CANCELLED'
  | 'TIMEOUT'
  | 'WORKSPACE_NOT_FOUND'
  | 'WORKSPACE_EXISTS'
  | 'NO_WORKSPACE'
  | 'RELEASE_NOT_FOUND'
  | 'STATE_CORRUPT'
  | 'STATE_CONFLICT'
  | 'BACKEND_FAILED'
  | 'CONFIRMATION_REQUIRED'
  | 'INVALID_ARGUMENT'
  | 'PROJECT_NOT_FOUND'
  | 'STACK_REFERENCE_UNRESOLVED'
  | 'PLAN_CHANGED'
  | 'WAVE_GATE_FAILED'
  | 'WAVE_VETOED'
  | 'ROLLOUT_NOT_FOUND'
  | 'KEY_SERVICE_FAILED'
  | 'SEALING_KEY_MISMATCH'
  | 'SEALING_KEY_MISSING'
  | 'INTERNAL';

export interface KusionErrorOptions {
  readonly cause?: unknown;
  /** One sentence on how to fix it, shown under the message. */
  readonly hint?: string | undefined;
}

/** The base of every coded error. */
export class KusionError extends Error {
  readonly [ERROR_BRAND] = true;
  readonly code: ErrorCode | (string & {});
  readonly hint: string | undefined;

  constructor(code: ErrorCode | (string & {}), message: string, options: KusionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KusionError';
    this.code = code;
    this.hint = options.hint;
  }
}

/** Whether a value is a Kusion error, from any copy of this package. */
export function isKusionError(value: unknown): value is KusionError {
  return typeof value === 'object' && value !== null && ERROR_BRAND in value;
}

/** A problem found in a user's file, with where it is. */
export interface Diagnostic {
  readonly message: string;
  readonly file?: string | undefined;
  /** 1-based. */
  readonly line?: number | undefined;
  /** 1-based. */
  readonly column?: number | undefined;
  /** The JSON path of the offending value, e.g. `resources[2].type`. */
  readonly path?: string | undefined;
}

/** Renders a diagnostic as `file:line:column: message`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = [diagnostic.file, diagnostic.line, diagnostic.column]
    .filter((part) => part !== undefined)
    .join(':');
  return where ? `${where}: ${diagnostic.message}` : diagnostic.message;
}

/** A configuration file is invalid. Carries every problem found, not just the first. */
export class ConfigError extends KusionError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[], options: KusionErrorOptions = {}) {
    const [first, ...rest] = diagnostics;
    const headline = first ? formatDiagnostic(first) : 'invalid configuration';
    super(
      'CONFIG_INVALID',
      rest.length
        ? `${headline} (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})`
        : headline,
      options,
    );
    this.name = 'ConfigError';
    this.diagnostics = diagnostics;
  }
}

/** One plugin that could not be loaded. */
export interface PluginLoadFailure {
  readonly plugin: string;
  readonly packageName: string;
  readonly reason: string;
}

/** Plugins could not be loaded. All failures are reported together. */
export class PluginLoadError extends KusionError {
  readonly failures: readonly PluginLoadFailure[];

  constructor(failures: readonly PluginLoadFailure[], options: KusionErrorOptions = {}) {
    super(
      'PLUGIN_LOAD_FAILED',
      failures.map((f) => `${f.plugin} (${f.packageName}): ${f.reason}`).join('; '),
      options,
    );
    this.name = 'PluginLoadError';
    this.failures = failures;
  }
}

export interface ProviderErrorOptions extends KusionErrorOptions {
  /** A transient failure (throttling, a timeout, a 5xx): the engine retries it with backoff. */
  readonly retryable?: boolean;
  readonly resourceId?: string | undefined;
}

/** A provider call failed. */
export class ProviderError extends KusionError {
  readonly retryable: boolean;
  readonly resourceId: string | undefined;

  constructor(message: string, options: ProviderErrorOptions = {}) {
    super('PROVIDER_FAILED', message, options);
    this.name = 'ProviderError';
    this.retryable = options.retryable ?? false;
    this.resourceId = options.resourceId;
  }
}

/** Whether an error asks to be retried. */
export function isRetryable(error: unknown): boolean {
  return (
    isKusionError(error) &&
    'retryable' in error &&
    (error as { retryable: unknown }).retryable === true
  );
}

/** Who holds a lock. */
export interface LockInfo {
  /** Random id of this holder; renew and release check it. */
  readonly id: string;
  /**
   * The fencing token: a number the backend raises every time the lock of a scope is taken (free
   * or by takeover) and never hands out twice for that scope, releases included. Every state write
   * carries it (`LockFence`) and the backend refuses a write whose generation is no longer the
   * lock's, so a run that lost its lock cannot overwrite the run that took it. Records written
   * before fencing existed read as generation 0.
   */
  readonly generation: number;
  readonly user: string;
  readonly host: string;
  readonly pid: number;
  /**
   * When process `pid` started, as an opaque token (Linux: boot id and start time from `/proc`),
   * so a pid reused by another process is not taken for the holder. Absent where unknown.
   */
  readonly processStart?: string | undefined;
  readonly command: string;
  /** ISO-8601. */
  readonly acquiredAt: string;
  /** ISO-8601; the holder renews well before it. Past it, another run may take the lock over. */
  readonly expiresAt: string;
}

/** The workspace is locked by another run. */
export class LockError extends KusionError {
  readonly holder: LockInfo;
  /** Whether the holder is known to be gone (a dead local process or an expired lock). */
  readonly isStale: boolean;

  constructor(
    message: string,
    holder: LockInfo,
    isStale: boolean,
    options: KusionErrorOptions = {},
  ) {
    super('LOCKED', message, options);
    this.name = 'LockError';
    this.holder = holder;
    this.isStale = isStale;
  }
}

/** The operation was cancelled (Ctrl-C or an aborted signal). */
export class CancelledError extends KusionError {
  constructor(message = 'operation cancelled', options: KusionErrorOptions = {}) {
    super('CANCELLED', message, options);
    this.name = 'CancelledError';
  }
}
