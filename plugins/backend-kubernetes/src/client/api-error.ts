/**
 * What the API server answered when it refused a request: the HTTP status and its `Status`
 * object's reason, so stores can tell a lost compare-and-swap (409 `Conflict`) from a name taken
 * (409 `AlreadyExists`), a missing object from a missing namespace, and RBAC refusals.
 */
export class KubeApiError extends Error {
  readonly status: number;
  /** `NotFound`, `Conflict`, `AlreadyExists`, `Forbidden`, `RequestEntityTooLarge`... */
  readonly reason: string | undefined;
  /** The kind the `Status` details name (`namespaces` when the namespace is missing). */
  readonly detailsKind: string | undefined;
  /** `PUT /api/v1/namespaces/kusion-system/secrets/x`. */
  readonly request: string;

  constructor(status: number, body: unknown, request: string) {
    const statusObject = isRecord(body) ? body : {};
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
    const details = isRecord(statusObject['details']) ? statusObject['details'] : {};
    this.detailsKind = typeof details['kind'] === 'string' ? details['kind'] : undefined;
    this.request = request;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** A 404 naming the namespace: the backend's namespace does not exist. */
  get isNamespaceMissing(): boolean {
    return this.status === 404 && this.detailsKind === 'namespaces';
  }

  /** The object exists (a create lost to another). */
  get isAlreadyExists(): boolean {
    return this.status === 409 && this.reason === 'AlreadyExists';
  }

  /** The object changed since the resourceVersion the write was conditional on. */
  get isConflict(): boolean {
    return this.status === 409 && this.reason !== 'AlreadyExists';
  }
}

/** The API server could not be reached, or did not answer in time. */
export class KubeConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KubeConnectionError';
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
