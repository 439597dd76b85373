/**
 * S3 and network failures as coded errors a user can act on: what failed, on which key, and how
 * to fix it. Transient failures (throttling, 5xx, dropped connections) were already retried by the
 * SDK by the time they reach this code.
 */
import { isKusionError, KusionError } from '@kusion/sdk';

export interface S3ErrorContext {
  /** What we were doing, e.g. `read`, `write`, `list`, `delete`. */
  readonly action: string;
  /** `s3://bucket/prefix/key`. */
  readonly target: string;
  readonly bucket: string;
  /** The configured endpoint, if any. */
  readonly endpoint: string | undefined;
}

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly attempts?: unknown };
}

const shape = (error: unknown): ErrorShape =>
  typeof error === 'object' && error !== null ? error : {};

/** The S3 error code (`NoSuchKey`, `PreconditionFailed`...) or the Node one (`ECONNREFUSED`). */
export function errorCode(error: unknown): string | undefined {
  const { Code, code, name } = shape(error);
  for (const candidate of [Code, code, name]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error')
      return candidate;
  }
  return undefined;
}

export function httpStatus(error: unknown): number | undefined {
  const status = shape(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** How many attempts the SDK made, counting its own retries. */
export function attemptsOf(error: unknown): number {
  const attempts = shape(error).$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}

function messageOf(error: unknown): string {
  const { message } = shape(error);
  return typeof message === 'string' && message !== '' ? message : String(error);
}

const ACCESS_CODES = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
]);
const THROTTLING_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

function classify(error: unknown, context: S3ErrorContext): { message: string; hint: string } {
  const code = errorCode(error) ?? 'unknown';
  const status = httpStatus(error);
  const where = context.endpoint ?? 'AWS';
  const reason = messageOf(error);
  if (code === 'NoSuchBucket') {
    return {
      message: `the S3 bucket "${context.bucket}" does not exist (at ${where})`,
      hint: `Create it (aws s3 mb s3://${context.bucket}), or fix "bucket" of the s3 backend in $KUSION_HOME/config.yaml.`,
    };
  }
  if (ACCESS_CODES.has(code) || status === 403) {
    return {
      message: `access denied to ${context.target} (could not ${context.action}: ${code})`,
      hint: `Check the credentials in use (AWS_PROFILE, the backend's "profile", AWS_ACCESS_KEY_ID) and that they allow s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on s3://${context.bucket}.`,
    };
  }
  if (code === 'CredentialsProviderError' || /could not load credentials/i.test(reason)) {
    return {
      message: `no AWS credentials found to ${context.action} ${context.target}: ${reason}`,
      hint: 'Set AWS_PROFILE or the backend\'s "profile", or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws sso login`.',
    };
  }
  if (/region is missing/i.test(reason)) {
    return {
      message: `no AWS region configured to ${context.action} ${context.target}`,
      hint: 'Set "region" of the s3 backend in $KUSION_HOME/config.yaml, or AWS_REGION.',
    };
  }
  if (code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed' || status === 301) {
    return {
      message: `the S3 bucket "${context.bucket}" is in another region than the one configured`,
      hint: 'Set "region" of the s3 backend to the bucket\'s region.',
    };
  }
  if (NETWORK_CODES.has(code)) {
    return {
      message: `could not reach S3 at ${where} to ${context.action} ${context.target} (${code})`,
      hint: 'Check "endpoint" of the s3 backend (or AWS_ENDPOINT_URL), the network and any proxy; the operation was retried.',
    };
  }
  if (THROTTLING_CODES.has(code) || (status !== undefined && status >= 500)) {
    return {
      message: `S3 kept failing to ${context.action} ${context.target} (${code}, HTTP ${status ?? '?'}) after ${attemptsOf(error)} attempts`,
      hint: 'S3 is throttling or unavailable; run the command again in a moment.',
    };
  }
  const what = [
    code === 'unknown' ? undefined : code,
    status === undefined ? undefined : `HTTP ${status}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  return {
    message: `could not ${context.action} ${context.target}: ${reason}${what ? ` (${what})` : ''}`,
    hint: 'Check the s3 backend settings in $KUSION_HOME/config.yaml; rerun with --debug for the full error.',
  };
}

/** Wraps any failure of an S3 call in a `BACKEND_FAILED` error; Kusion errors pass through. */
export function toBackendError(error: unknown, context: S3ErrorContext): KusionError {
  if (isKusionError(error)) return error;
  const { message, hint } = classify(error, context);
  return new KusionError('BACKEND_FAILED', message, { cause: error, hint });
}
