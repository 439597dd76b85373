/**
 * Azure SDK errors as the engine understands them: ARM's `{ error: { code, message } }` named in
 * the message, throttling (429), 5xx and network failures retryable (the SDK has already retried
 * them, honouring `Retry-After`), cancellation as `CancelledError`. Tokens never appear: the SDK's
 * errors carry no request headers in their messages.
 */
import { isRestError } from '@azure/arm-resources';
import { CancelledError, ProviderError, isKusionError } from '@kusion/sdk';

const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

export interface ArmFailure {
  readonly code: string;
  readonly message: string;
  readonly status: number | undefined;
}

/** ARM's code and message of a failed call: from the body, else from the SDK error. */
export function armFailureOf(error: unknown): ArmFailure {
  if (isRestError(error)) {
    const body = (error.details ?? undefined) as { error?: ArmErrorBody } | undefined;
    return {
      code: body?.error?.code ?? error.code ?? `HTTP ${error.statusCode ?? '?'}`,
      message: body?.error ? describeArmError(body.error) : error.message,
      status: error.statusCode,
    };
  }
  const shaped = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  const code = typeof shaped?.code === 'string' ? shaped.code : shaped?.name;
  return {
    code: typeof code === 'string' ? code : 'Error',
    message: typeof shaped?.message === 'string' ? shaped.message : String(error),
    status: undefined,
  };
}

/** ARM's error body: `{ code, message, target?, details? }`. */
export interface ArmErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly target?: string;
  readonly details?: readonly ArmErrorBody[];
}

/** The message with each detail's code, message and target (preflight names every resource). */
export function describeArmError(body: ArmErrorBody): string {
  const details = (body.details ?? []).map(
    (detail) =>
      `${detail.target === undefined ? '' : `${lastSegments(detail.target)}: `}${detail.code ?? 'Error'}: ${detail.message ?? ''}`,
  );
  return [body.message ?? '', ...details].filter((part) => part !== '').join('; ');
}

/** `…/providers/Microsoft.Storage/storageAccounts/shopdata` → `Microsoft.Storage/storageAccounts/shopdata`. */
function lastSegments(target: string): string {
  const at = target.toLowerCase().lastIndexOf('/providers/');
  return at < 0 ? target : target.slice(at + '/providers/'.length);
}

export function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404;
}

export function isTransient(error: unknown): boolean {
  if (isRestError(error)) {
    const status = error.statusCode;
    if (status === undefined)
      return NETWORK.has(error.code ?? '') || error.code === 'REQUEST_SEND_ERROR';
    return status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
  }
  return NETWORK.has((error as { code?: string } | null)?.code ?? '');
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'AbortError';
}

/** Wraps an SDK error raised by `operation`; Kusion errors pass through. */
export function toProviderError(error: unknown, operation: string, resourceId?: string): Error {
  if (isKusionError(error)) return error;
  if (isAbort(error)) return new CancelledError(`${operation} was cancelled`);
  const failure = armFailureOf(error);
  const transient = isTransient(error);
  return new ProviderError(`${operation} failed: ${failure.code}: ${failure.message}`, {
    // Not the SDK error itself: it carries the request, bearer token included.
    cause: sanitized(error, failure),
    retryable: transient,
    resourceId,
    hint: transient ? 'a transient Azure error: it is retried with backoff' : hintFor(failure),
  });
}

/** The SDK error without its request and response: code, status and message only. */
function sanitized(error: unknown, failure: ArmFailure): Error {
  const copy = new Error(`${failure.code}: ${failure.message}`);
  copy.name = (error as { name?: string } | null)?.name ?? 'Error';
  return Object.assign(copy, { code: failure.code, statusCode: failure.status });
}

/** Runs one Azure call, turning its failure into a `ProviderError`. */
export async function call<T>(
  operation: string,
  run: () => Promise<T>,
  resourceId?: string,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toProviderError(error, operation, resourceId);
  }
}

function hintFor(failure: ArmFailure): string | undefined {
  if (
    failure.status === 401 ||
    /AuthenticationFailed|InvalidAuthenticationToken/.test(failure.code)
  )
    return 'check the Azure credentials: providers.azure.clientId/clientSecret/tenantId, AZURE_* variables, or `az login`';
  if (failure.status === 403 || failure.code === 'AuthorizationFailed')
    return 'the identity lacks an Azure RBAC permission named in the message';
  if (failure.code === 'SubscriptionNotFound')
    return 'check providers.azure.subscriptionId (or AZURE_SUBSCRIPTION_ID)';
  if (/CredentialUnavailable|AggregateAuthenticationError/.test(failure.code))
    return 'no Azure credential found: set providers.azure.clientId/clientSecret/tenantId, AZURE_CLIENT_ID/AZURE_CLIENT_SECRET/AZURE_TENANT_ID, or run `az login`';
  return undefined;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError('cancelled before Azure was called');
}
