/**
 * ARM's error answer: `{ "error": { "code", "message", "target"?, "details"?, "additionalInfo"? } }`.
 * Handlers throw an ArmError; the server turns it into that body with its status.
 */
import type { JsonObject } from '../json-value.ts';

export interface ArmErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
  readonly details?: readonly ArmErrorDetail[];
  readonly additionalInfo?: readonly { readonly type: string; readonly info: JsonObject }[];
}

export interface ArmErrorOptions {
  readonly target?: string;
  readonly details?: readonly ArmErrorDetail[];
  readonly additionalInfo?: ArmErrorDetail['additionalInfo'];
  /** Extra response headers (e.g. `WWW-Authenticate`, `Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly options: ArmErrorOptions;

  constructor(status: number, code: string, message: string, options: ArmErrorOptions = {}) {
    super(message);
    this.name = 'ArmError';
    this.status = status;
    this.code = code;
    this.options = options;
  }

  get detail(): ArmErrorDetail {
    const { target, details, additionalInfo } = this.options;
    return {
      code: this.code,
      message: this.message,
      ...(target === undefined ? {} : { target }),
      ...(details === undefined ? {} : { details }),
      ...(additionalInfo === undefined ? {} : { additionalInfo }),
    };
  }
}

/** The detail as a JSON value (for bodies that embed it: deployments, operations, polls). */
export function detailToJson(detail: ArmErrorDetail): JsonObject {
  return {
    code: detail.code,
    message: detail.message,
    ...(detail.target === undefined ? {} : { target: detail.target }),
    ...(detail.details === undefined ? {} : { details: detail.details.map(detailToJson) }),
    ...(detail.additionalInfo === undefined
      ? {}
      : { additionalInfo: detail.additionalInfo.map(({ type, info }) => ({ type, info })) }),
  };
}

export function isArmError(error: unknown): error is ArmError {
  return error instanceof ArmError;
}

/** The HTTP reason phrase ARM puts in deployment operations' `statusCode` (`"Conflict"`). */
export function statusCodeName(status: number): string {
  const names: Readonly<Record<number, string>> = {
    200: 'OK',
    201: 'Created',
    202: 'Accepted',
    204: 'NoContent',
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    429: 'TooManyRequests',
    500: 'InternalServerError',
    503: 'ServiceUnavailable',
  };
  return names[status] ?? String(status);
}
