/**
 * Failures a test asks for: a resource that fails when a deployment reaches it, and requests that
 * are answered with 429 (with `Retry-After`) or 5xx instead of being served.
 */
import { ArmError } from '../http/arm-error.ts';
import { json } from '../http/exchange.ts';
import type { ArmResponse } from '../http/exchange.ts';

export interface ResourceFailure {
  /** The resource's name as the template gives it (`vnet/subnet`) or its id; case-insensitive. */
  readonly resource: string;
  /** Default `InjectedFailure`. */
  readonly code?: string;
  readonly message?: string;
  /** The HTTP status the resource provider "answered" (the operation's `statusCode`). Default 400. */
  readonly status?: number;
  /** How many deployments of the resource fail. Default: all until the faults are cleared. */
  readonly times?: number;
}

export interface RequestFault {
  /** Default: any method. */
  readonly method?: string;
  /** A regular expression, matched case-insensitively against the path (without the query). */
  readonly path: string;
  readonly status: 429 | 500 | 503;
  /** How many matching requests are answered so. Default 1. */
  readonly count?: number;
  /** `Retry-After` of 429 and 503 answers, in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
  readonly code?: string;
  readonly message?: string;
}

export interface FaultRules {
  failResource(failure: ResourceFailure): void;
  failRequests(fault: RequestFault): void;
  clear(): void;
  /** The failure for a resource being deployed, counting it down. */
  takeResourceFailure(name: string, resourceId: string): ArmError | undefined;
  /** The answer for a request that a fault matches, counting it down. */
  takeRequestFault(method: string, path: string): ArmResponse | undefined;
}

const DEFAULT_ANSWERS: Readonly<Record<RequestFault['status'], { code: string; message: string }>> =
  {
    429: {
      code: 'TooManyRequests',
      message:
        'The request is being throttled as the limit has been reached for operation type - Write_ObservationWindow_00:05:00. For more information, see - https://aka.ms/srpthrottlinglimits',
    },
    500: {
      code: 'InternalServerError',
      message: 'Encountered internal server error. Please try again later.',
    },
    503: {
      code: 'ServiceUnavailable',
      message:
        'The server is currently unable to handle the request due to a temporary overload. Please retry the request later.',
    },
  };

interface ActiveResourceFailure {
  readonly failure: ResourceFailure;
  left: number;
}

interface ActiveRequestFault {
  readonly fault: RequestFault;
  readonly pattern: RegExp;
  left: number;
}

export function createFaultRules(): FaultRules {
  const resourceFailures: ActiveResourceFailure[] = [];
  const requestFaults: ActiveRequestFault[] = [];
  return {
    failResource(failure) {
      if (failure.resource === '')
        throw new Error('A resource failure needs the resource name or id');
      resourceFailures.push({ failure, left: failure.times ?? Number.POSITIVE_INFINITY });
    },
    failRequests(fault) {
      if (![429, 500, 503].includes(fault.status))
        throw new Error(`A request fault answers 429, 500 or 503, not ${String(fault.status)}`);
      requestFaults.push({ fault, pattern: new RegExp(fault.path, 'i'), left: fault.count ?? 1 });
    },
    clear() {
      resourceFailures.length = 0;
      requestFaults.length = 0;
    },
    takeResourceFailure(name, resourceId) {
      const active = resourceFailures.find(
        ({ failure, left }) =>
          left > 0 &&
          [name.toLowerCase(), resourceId.toLowerCase()].includes(failure.resource.toLowerCase()),
      );
      if (active === undefined) return undefined;
      active.left -= 1;
      const { failure } = active;
      return new ArmError(
        failure.status ?? 400,
        failure.code ?? 'InjectedFailure',
        failure.message ?? `The ARM emulator was told to fail '${failure.resource}'.`,
      );
    },
    takeRequestFault(method, path) {
      const active = requestFaults.find(
        ({ fault, pattern, left }) =>
          left > 0 &&
          (fault.method === undefined || fault.method.toUpperCase() === method.toUpperCase()) &&
          pattern.test(path),
      );
      if (active === undefined) return undefined;
      active.left -= 1;
      const { fault } = active;
      const defaults = DEFAULT_ANSWERS[fault.status];
      const headers: Record<string, string> =
        fault.status === 500 ? {} : { 'Retry-After': String(fault.retryAfterSeconds ?? 1) };
      return json(
        fault.status,
        {
          error: { code: fault.code ?? defaults.code, message: fault.message ?? defaults.message },
        },
        headers,
      );
    },
  };
}
