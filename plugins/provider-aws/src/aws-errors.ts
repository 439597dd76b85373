/**
 * AWS SDK errors as the engine understands them: throttling, 5xx and network failures become
 * retryable `ProviderError`s (the SDK has already retried them with backoff); everything else is a
 * plain `ProviderError` that says which call failed and why.
 */
import { CancelledError, ProviderError, isKusionError } from '@kusion/sdk';

interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TimeoutError',
  'RequestTimeout',
]);

export function errorName(error: unknown): string {
  const shape = error as SdkErrorShape | null;
  return shape?.name ?? shape?.code ?? 'Error';
}

export function httpStatusOf(error: unknown): number | undefined {
  return (error as SdkErrorShape | null)?.$metadata?.httpStatusCode;
}

export function isTransient(error: unknown): boolean {
  const name = errorName(error);
  const status = httpStatusOf(error);
  return (
    THROTTLING.has(name) ||
    NETWORK.has(name) ||
    NETWORK.has((error as SdkErrorShape | null)?.code ?? '') ||
    (status !== undefined && status >= 500)
  );
}

/** CloudFormation answers ValidationError "Stack with id X does not exist" for a missing stack. */
export function isStackMissing(error: unknown): boolean {
  const message = (error as SdkErrorShape | null)?.message ?? '';
  return errorName(error) === 'ValidationError' && /does not exist/i.test(message);
}

/** Wraps an SDK error raised by `operation`; Kusion errors and cancellations pass through. */
export function toProviderError(error: unknown, operation: string, resourceId?: string): Error {
  if (isKusionError(error)) return error;
  if (errorName(error) === 'AbortError')
    return new CancelledError(`${operation} was cancelled`, { cause: error });
  const message = (error as SdkErrorShape | null)?.message ?? String(error);
  const status = httpStatusOf(error);
  const detail =
    status !== undefined && status >= 500 && /^(UnknownError|Error)$/.test(errorName(error))
      ? `HTTP ${status}`
      : errorName(error);
  return new ProviderError(`${operation} failed: ${detail}: ${message}`, {
    cause: error,
    retryable: isTransient(error),
    resourceId,
    hint: isTransient(error)
      ? 'a transient AWS error: it is retried with backoff'
      : credentialsHint(error),
  });
}

/** Runs one AWS call, turning its failure into a `ProviderError`. */
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

function credentialsHint(error: unknown): string | undefined {
  const name = errorName(error);
  if (
    name === 'CredentialsProviderError' ||
    name === 'ExpiredToken' ||
    name === 'InvalidClientTokenId' ||
    name === 'UnrecognizedClientException'
  ) {
    return 'check the AWS credentials: AWS_PROFILE / providers.aws.profile, or the AWS_ACCESS_KEY_ID environment';
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException')
    return 'the caller lacks an IAM permission named in the message';
  if (/region/i.test((error as SdkErrorShape | null)?.message ?? '') && name === 'Error') {
    return 'set providers.aws.region in the workspace, or AWS_REGION';
  }
  return undefined;
}
