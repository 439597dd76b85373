/**
 * Failures of Resource Manager calls, gRPC (gax `GoogleError`) and REST (gaxios, for liens) alike,
 * read into one shape: the status code, the server's message and the violations its details name.
 * Which codes are worth another try is decided here, once.
 */
import { Status } from 'google-gax';
import { violationsOf } from './status-details.js';
import type { Violation } from './status-details.js';

export { Status };

/** Where an error kusion made from a Google answer keeps that answer. */
export const RPC_FAILURE = Symbol('gcp.rpcFailure');

export interface RpcFailure {
  /** The gRPC status code; UNAVAILABLE when nothing answered. */
  readonly code: Status;
  readonly codeName: string;
  /** The server's message, without gax's `7 PERMISSION_DENIED: ` prefix. */
  readonly message: string;
  readonly violations: readonly Violation[];
}

/**
 * Throttling, an unavailable or overloaded service, a concurrent change and a call that ran out
 * of time: trying again may succeed. The client itself retries only UNAVAILABLE, and only on reads.
 */
const TRANSIENT = new Set<Status>([
  Status.UNAVAILABLE,
  Status.RESOURCE_EXHAUSTED,
  Status.ABORTED,
  Status.DEADLINE_EXCEEDED,
]);

export function isTransient(failure: RpcFailure | undefined): boolean {
  return failure !== undefined && TRANSIENT.has(failure.code);
}

/** Whether an error is a Resource Manager answer (or no answer at all); undefined for anything else. */
export function asRpcFailure(error: unknown): RpcFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const carried = (error as { [RPC_FAILURE]?: RpcFailure })[RPC_FAILURE];
  if (carried) return carried;
  const record = error as Record<string, unknown>;
  // gaxios (REST): the body is Google's `{ error: { code, message, status, details } }`.
  if ('config' in record) return fromRest(record);
  const code = statusOf(record['code']);
  if (code !== undefined) {
    const details = record['details'];
    const message =
      typeof details === 'string' && details !== ''
        ? details
        : stripStatusPrefix(error instanceof Error ? error.message : '');
    return {
      code,
      codeName: Status[code],
      message,
      violations: violationsOf(record['statusDetails']),
    };
  }
  return undefined;
}

/** An operation's `error` (a `google.rpc.Status` with packed details). */
export function failureOfStatus(status: {
  readonly code?: number | null;
  readonly message?: string | null;
  readonly details?: unknown;
}): RpcFailure {
  const code = statusOf(status.code) ?? Status.UNKNOWN;
  return {
    code,
    codeName: Status[code],
    message: status.message ?? '',
    violations: violationsOf(status.details),
  };
}

/** `PERMISSION_DENIED: Permission ... denied (LIEN liens/1: ...)`: what a user reads. */
export function describeFailure(failure: RpcFailure): string {
  const extra = failure.violations
    .map((violation) =>
      [violation.type, violation.subject, violation.description].filter(Boolean).join(' '),
    )
    .filter((text) => text !== '' && !failure.message.includes(text));
  return `${failure.codeName}: ${failure.message}${extra.length ? ` (${extra.join('; ')})` : ''}`;
}

function fromRest(record: Record<string, unknown>): RpcFailure {
  const response = record['response'] as { status?: number; data?: unknown } | undefined;
  const body = (response?.data as { error?: Record<string, unknown> } | undefined)?.error;
  const code = statusNamed(body?.['status']) ?? httpToStatus(response?.status);
  const message =
    typeof body?.['message'] === 'string'
      ? body['message']
      : typeof record['message'] === 'string'
        ? record['message']
        : '';
  return {
    code,
    codeName: Status[code],
    message,
    violations: violationsOf(body?.['details']),
  };
}

/** Google's mapping of HTTP statuses to codes; no answer at all is UNAVAILABLE. */
function httpToStatus(status: number | undefined): Status {
  switch (status) {
    case undefined:
      return Status.UNAVAILABLE;
    case 400:
      return Status.INVALID_ARGUMENT;
    case 401:
      return Status.UNAUTHENTICATED;
    case 403:
      return Status.PERMISSION_DENIED;
    case 404:
      return Status.NOT_FOUND;
    case 409:
      return Status.ABORTED;
    case 429:
      return Status.RESOURCE_EXHAUSTED;
    case 501:
      return Status.UNIMPLEMENTED;
    case 503:
      return Status.UNAVAILABLE;
    case 504:
      return Status.DEADLINE_EXCEEDED;
    default:
      return status >= 500 ? Status.INTERNAL : Status.UNKNOWN;
  }
}

const BY_NUMBER = new Map<number, Status>(
  Object.values(Status).flatMap((value) =>
    typeof value === 'number' && value !== Status.OK ? [[value, value] as const] : [],
  ),
);

/** A status code given as a number, if it is one other than OK. */
function statusOf(code: unknown): Status | undefined {
  return typeof code === 'number' ? BY_NUMBER.get(code) : undefined;
}

/** A status code given by name (`"NOT_FOUND"`, as REST errors carry it). */
function statusNamed(name: unknown): Status | undefined {
  if (typeof name !== 'string') return undefined;
  return statusOf((Status as unknown as Record<string, unknown>)[name]);
}

function stripStatusPrefix(message: string): string {
  return message.replace(/^\d+ [A-Z_]+: /, '');
}
