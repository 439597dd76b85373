/**
 * Turns API failures into the errors the engine understands: a `ProviderError` that says what
 * was being done, what Google answered (with the violations its details name) and how to fix it,
 * `retryable` when trying again can help.
 */
import { isKusionError, ProviderError } from '@kusion/sdk';
import { asRpcFailure, describeFailure, isTransient, RPC_FAILURE, Status } from './rpc-errors.js';
import type { RpcFailure } from './rpc-errors.js';

export interface ErrorContext {
  readonly resourceId: string;
  /** What failed, as a phrase: `creating project "shop-dev"`. */
  readonly doing: string;
}

export function toProviderError(error: unknown, context: ErrorContext): Error {
  if (isKusionError(error)) return error;
  const failure = asRpcFailure(error);
  if (failure) return failureError(failure, context);
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(`${context.doing} failed: ${message}`, {
    resourceId: context.resourceId,
    cause: error,
    hint: /default credentials/i.test(message)
      ? 'set providers.gcp.credentials (e.g. ref://gcp-deployer-key), or run `gcloud auth application-default login`'
      : undefined,
  });
}

/**
 * The error for one Google answer (explained, when the caller knows what it means), which it keeps: a caller that knows more (a lien blocks this
 * deletion) reads it back with `asRpcFailure` and says so.
 */
export function failureError(
  failure: RpcFailure,
  context: ErrorContext,
  hint?: string,
  /** What the answer means here, said first: `it still holds projects/1, which this stack does not manage`. */
  explanation?: string,
): ProviderError {
  const answer = describeFailure(failure);
  const said = explanation ? `${explanation} — ${answer}` : answer;
  const error = new ProviderError(`${context.doing} failed: ${said}`, {
    resourceId: context.resourceId,
    retryable: isTransient(failure),
    hint: hint ?? hintFor(failure),
  });
  return Object.assign(error, { [RPC_FAILURE]: failure });
}

const HINTS: Partial<Record<Status, string>> = {
  [Status.PERMISSION_DENIED]:
    'the caller lacks that permission, or the resource does not exist (GCP answers both the same way): check the name, and grant the caller a role that has the permission',
  [Status.UNAUTHENTICATED]:
    'the credentials were refused: check providers.gcp.credentials, or refresh Application Default Credentials (`gcloud auth application-default login`)',
  [Status.INVALID_ARGUMENT]: 'fix the attribute the message names',
  [Status.RESOURCE_EXHAUSTED]:
    'a quota is exhausted: kusion retries with backoff; if it persists, wait or ask for more quota',
  [Status.UNAVAILABLE]:
    'the service did not answer: check providers.gcp.endpoint and the network; kusion retries with backoff',
};

function hintFor(failure: RpcFailure): string | undefined {
  return HINTS[failure.code];
}
