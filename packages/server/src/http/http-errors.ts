/**
 * Every error answer has one shape, the CLI's `--json` error envelope:
 * `{ status: "error", error: { code, message, hint? } }`, with the HTTP status its code implies.
 */
import { isKusionError, KusionError } from '@kusion/sdk';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  INVALID_REQUEST: 400,
  INVALID_ARGUMENT: 400,
  CONFIG_INVALID: 400,
  SPEC_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  WORKSPACE_NOT_FOUND: 404,
  RELEASE_NOT_FOUND: 404,
  NO_WORKSPACE: 404,
  SOURCE_NOT_FOUND: 404,
  WORKSPACE_EXISTS: 409,
  LOCKED: 409,
  RUN_FINISHED: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_RUNS: 429,
  SOURCE_FETCH_FAILED: 502,
  SOURCE_PATH_MISSING: 502,
  SOURCE_COMMIT_MISSING: 502,
};

export interface ErrorBody {
  readonly status: 'error';
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
}

export function httpError(code: string, message: string, hint?: string): KusionError {
  return new KusionError(code, message, hint === undefined ? {} : { hint });
}

/** The status and body of any error a handler threw; `fallback` for an unknown one. */
export function describeHttpError(error: unknown): { statusCode: number; body: ErrorBody } {
  if (isKusionError(error)) {
    return {
      statusCode: STATUS_BY_CODE[error.code] ?? 500,
      body: {
        status: 'error',
        error: {
          code: error.code,
          message: error.message,
          ...(error.hint === undefined ? {} : { hint: error.hint }),
        },
      },
    };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return describeHttpError(
      httpError(
        'PAYLOAD_TOO_LARGE',
        'the request body is larger than the server accepts',
        'send a smaller body (workspace files are small); the limit is `bodyLimit`',
      ),
    );
  }
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return {
      statusCode: fastifyError.statusCode,
      body: {
        status: 'error',
        error: {
          code: 'INVALID_REQUEST',
          message: fastifyError.message ?? 'invalid request',
          hint: 'the OpenAPI document at /api/openapi.json describes every request',
        },
      },
    };
  }
  return {
    statusCode: 500,
    body: {
      status: 'error',
      error: {
        code: 'INTERNAL',
        message: 'the server failed to answer this request',
        hint: 'the server log has the details',
      },
    },
  };
}
