/**
 * Errors as Resource Manager answers them: a gRPC status code, a message, and google.rpc error
 * details (ErrorInfo, PreconditionFailure, BadRequest) that clients decode from
 * `grpc-status-details-bin` (gax exposes them as `error.statusDetails`) or from `Operation.error`.
 */
import { status } from '@grpc/grpc-js';

export { status as Code };

export type ErrorDetail =
  | {
      readonly type: 'google.rpc.ErrorInfo';
      readonly value: {
        readonly reason: string;
        readonly domain: string;
        readonly metadata?: Readonly<Record<string, string>>;
      };
    }
  | {
      readonly type: 'google.rpc.PreconditionFailure';
      readonly value: {
        readonly violations: readonly {
          readonly type: string;
          readonly subject: string;
          readonly description: string;
        }[];
      };
    }
  | {
      readonly type: 'google.rpc.BadRequest';
      readonly value: {
        readonly field_violations: readonly {
          readonly field: string;
          readonly description: string;
        }[];
      };
    };

export class RpcError extends Error {
  readonly code: status;
  readonly details: readonly ErrorDetail[];

  constructor(code: status, message: string, details: readonly ErrorDetail[] = []) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.details = details;
  }
}

const CODES = Object.values(status).filter((code) => typeof code === 'number');

/** `RESOURCE_EXHAUSTED` (any case) or 8 → the code; undefined for anything else, and for OK. */
export function parseCode(code: unknown): status | undefined {
  const name = typeof code === 'string' ? code.toUpperCase() : undefined;
  return CODES.find((known) => known !== status.OK && (known === code || status[known] === name));
}

export function codeName(code: status): string {
  return status[code];
}

export function invalidArgument(
  message: string,
  fieldViolations: readonly { field: string; description: string }[] = [],
): RpcError {
  return new RpcError(
    status.INVALID_ARGUMENT,
    message,
    fieldViolations.length
      ? [{ type: 'google.rpc.BadRequest', value: { field_violations: fieldViolations } }]
      : [],
  );
}

/** A required field left empty, worded as the service words it. */
export function missingField(field: string): RpcError {
  return invalidArgument(`Request contains an invalid argument: ${field} is required.`, [
    { field, description: `${field} is required` },
  ]);
}

/**
 * What Resource Manager answers for a resource that does not exist *or* that the caller may not
 * see: the two are indistinguishable on purpose, so a missing project is never NOT_FOUND.
 */
export function permissionDenied(permission: string, resourceName: string): RpcError {
  const resource = `//cloudresourcemanager.googleapis.com/${resourceName}`;
  return new RpcError(
    status.PERMISSION_DENIED,
    `Permission '${permission}' denied on resource '${resource}' (or it may not exist).`,
    [
      {
        type: 'google.rpc.ErrorInfo',
        value: {
          reason: 'IAM_PERMISSION_DENIED',
          domain: 'iam.googleapis.com',
          metadata: { permission, resource },
        },
      },
    ],
  );
}

export function failedPrecondition(
  message: string,
  violations: readonly { type: string; subject: string; description: string }[] = [],
): RpcError {
  return new RpcError(
    status.FAILED_PRECONDITION,
    message,
    violations.length ? [{ type: 'google.rpc.PreconditionFailure', value: { violations } }] : [],
  );
}

export function alreadyExists(message = 'Requested entity already exists'): RpcError {
  return new RpcError(status.ALREADY_EXISTS, message);
}

export function notFound(message: string): RpcError {
  return new RpcError(status.NOT_FOUND, message);
}

export function aborted(message: string): RpcError {
  return new RpcError(status.ABORTED, message);
}

/** The messages the service uses for the codes tests inject, so clients see realistic errors. */
export function injectedError(code: status, message?: string, method = ''): RpcError {
  if (code === status.RESOURCE_EXHAUSTED) {
    // Resource Manager meters reads and writes under separate quotas; the message names the one hit.
    const quota = isReadMethod(method) ? 'Read requests' : 'Write requests';
    return new RpcError(
      code,
      message ??
        `Quota exceeded for quota metric '${quota}' and limit '${quota} per minute' of service 'cloudresourcemanager.googleapis.com'.`,
      [
        {
          type: 'google.rpc.ErrorInfo',
          value: {
            reason: 'RATE_LIMIT_EXCEEDED',
            domain: 'googleapis.com',
            metadata: { service: 'cloudresourcemanager.googleapis.com' },
          },
        },
      ],
    );
  }
  const defaults: Partial<Record<status, string>> = {
    [status.UNAVAILABLE]: 'The service is currently unavailable.',
    [status.ABORTED]: 'The operation was aborted.',
    [status.INTERNAL]: 'Internal error encountered.',
    [status.DEADLINE_EXCEEDED]: 'Deadline exceeded.',
  };
  return new RpcError(code, message ?? defaults[code] ?? `Injected ${codeName(code)}.`);
}

/** `Projects.GetProject`, `ListTagBindings`, `Liens.ListLiens`...: a call that changes nothing. */
function isReadMethod(method: string): boolean {
  const bare = method.slice(method.lastIndexOf('.') + 1);
  return /^(Get|List|Search|TestIamPermissions)/.test(bare);
}
