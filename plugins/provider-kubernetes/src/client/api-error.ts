/**
 * Failures of Kubernetes API calls, keeping what the server said (its `Status` object: reason,
 * message, causes) so callers can tell a conflict from an immutable field or a missing namespace,
 * and whether trying again can help.
 */
import { isJsonObject } from '../manifest/json-object.js';

/** One cause of a `Status`: which field, and why. */
export interface StatusCause {
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
  readonly field?: string | undefined;
}

/** The server answered with an error status. */
export class KubeApiError extends Error {
  readonly status: number;
  /** `NotFound`, `Conflict`, `Invalid`, `AlreadyExists`... */
  readonly reason: string | undefined;
  readonly causes: readonly StatusCause[];
  /** The kind named in the Status details (`namespaces` for a missing namespace). */
  readonly detailsKind: string | undefined;

  constructor(status: number, body: unknown, request: string) {
    const statusObject = isJsonObject(body) ? body : {};
    const message =
      typeof statusObject['message'] === 'string'
        ? statusObject['message']
        : typeof body === 'string' && body.trim() !== ''
          ? body.trim().slice(0, 300)
          : `HTTP ${status}`;
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = typeof statusObject['reason'] === 'string' ? statusObject['reason'] : undefined;
    const details = isJsonObject(statusObject['details']) ? statusObject['details'] : {};
    this.detailsKind = typeof details['kind'] === 'string' ? details['kind'] : undefined;
    this.causes = Array.isArray(details['causes'])
      ? details['causes'].filter(isJsonObject).map((cause) => ({
          reason: typeof cause['reason'] === 'string' ? cause['reason'] : undefined,
          message: typeof cause['message'] === 'string' ? cause['message'] : undefined,
          field: typeof cause['field'] === 'string' ? cause['field'] : undefined,
        }))
      : [];
    this.request = request;
  }

  /** `PATCH /apis/apps/v1/namespaces/default/deployments/web`, for debugging. */
  readonly request: string;

  /** Whether trying again later can succeed: throttling, server trouble, a namespace in the way. */
  get isTransient(): boolean {
    if (this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504) {
      return true;
    }
    // 1.20's apply fails with a 500 on some manifests every time: retrying cannot help.
    if (this.status === 500) return !this.message.includes('failed to create typed patch object');
    if (this.reason === 'Timeout' || this.reason === 'ServerTimeout') return true;
    // A namespace still being deleted refuses new objects until it is gone.
    if (this.status === 403 && this.message.includes('because it is being terminated')) return true;
    // Optimistic concurrency (not a field manager conflict): someone wrote in between.
    if (this.status === 409 && this.reason === 'Conflict' && !this.isFieldManagerConflict) {
      return this.message.includes('the object has been modified');
    }
    return false;
  }

  get isFieldManagerConflict(): boolean {
    return (
      this.status === 409 && this.causes.some((cause) => cause.reason === 'FieldManagerConflict')
    );
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** A 404 that names a namespace: the object's namespace does not exist (yet). */
  get isNamespaceNotFound(): boolean {
    return this.status === 404 && this.detailsKind === 'namespaces';
  }
}

/** The server could not be reached, or the connection broke. */
export class KubeConnectionError extends Error {
  readonly isTransient: boolean;
  constructor(message: string, isTransient: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'KubeConnectionError';
    this.isTransient = isTransient;
  }
}

/** The kind is not served by the cluster: no such group/version, or no such kind in it. */
export class UnknownKindError extends Error {
  readonly apiVersion: string;
  readonly kind: string;
  constructor(apiVersion: string, kind: string) {
    super(`the cluster does not serve kind "${kind}" in apiVersion "${apiVersion}"`);
    this.name = 'UnknownKindError';
    this.apiVersion = apiVersion;
    this.kind = kind;
  }
}
