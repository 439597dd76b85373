/**
 * The emulator's control endpoints under `/_emulator/`, so that a test driving the CLI-started
 * emulator from another process can inject faults, read the request log and reset it. They need
 * no token and are not logged.
 */
import { ArmError } from '../http/arm-error.ts';
import { empty, json } from '../http/exchange.ts';
import type { ArmRequest, ArmResponse } from '../http/exchange.ts';
import { isJsonObject } from '../json-value.ts';
import type { JsonObject, JsonValue } from '../json-value.ts';
import type { RequestLogEntry } from '../request-log.ts';
import type { RequestFault, ResourceFailure } from './fault-rules.ts';

/** What the control endpoints drive (the emulator's `controls` and request log). */
export interface ControlTarget {
  failResource(failure: ResourceFailure): void;
  failRequests(fault: RequestFault): void;
  clearFaults(): void;
  reset(): void;
  clearRequests(): void;
  configure(settings: { runningPolls?: number; retryAfterSeconds?: number }): JsonObject;
  issueToken(options: { scope?: string; clientId?: string }): Promise<string>;
  readonly requests: readonly RequestLogEntry[];
}

export const CONTROL_PREFIX = '/_emulator';

function badRequest(message: string): ArmError {
  return new ArmError(400, 'InvalidControlRequest', message);
}

function bodyOf(request: ArmRequest): JsonObject {
  if (!isJsonObject(request.body)) throw badRequest('The body must be a JSON object.');
  return request.body;
}

function optional<T extends 'string' | 'number'>(
  body: JsonObject,
  key: string,
  type: T,
): (T extends 'string' ? string : number) | undefined {
  const value: JsonValue | undefined = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== type) throw badRequest(`'${key}' must be a ${type}.`);
  return value as T extends 'string' ? string : number;
}

function resourceFailureOf(body: JsonObject): ResourceFailure {
  const resource = optional(body, 'resource', 'string');
  if (resource === undefined)
    throw badRequest("'resource' (the resource's template name or id) is required.");
  const code = optional(body, 'code', 'string');
  const message = optional(body, 'message', 'string');
  const status = optional(body, 'status', 'number');
  const times = optional(body, 'times', 'number');
  return {
    resource,
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
    ...(status === undefined ? {} : { status }),
    ...(times === undefined ? {} : { times }),
  };
}

function requestFaultOf(body: JsonObject): RequestFault {
  const path = optional(body, 'path', 'string');
  const status = optional(body, 'status', 'number');
  if (path === undefined) throw badRequest("'path' (a regular expression) is required.");
  if (status !== 429 && status !== 500 && status !== 503)
    throw badRequest("'status' must be 429, 500 or 503.");
  try {
    new RegExp(path, 'i');
  } catch (error) {
    throw badRequest(`'path' is not a regular expression: ${String(error)}`);
  }
  const method = optional(body, 'method', 'string');
  const count = optional(body, 'count', 'number');
  const retryAfterSeconds = optional(body, 'retryAfterSeconds', 'number');
  const code = optional(body, 'code', 'string');
  const message = optional(body, 'message', 'string');
  return {
    path,
    status,
    ...(method === undefined ? {} : { method }),
    ...(count === undefined ? {} : { count }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
  };
}

export async function handleControl(
  target: ControlTarget,
  request: ArmRequest,
): Promise<ArmResponse> {
  const route = `${request.method} ${request.segments.slice(1).join('/').toLowerCase()}`;
  switch (route) {
    case 'POST reset':
      target.reset();
      return empty(204);
    case 'POST faults/resource-failures': {
      const failure = resourceFailureOf(bodyOf(request));
      target.failResource(failure);
      return json(201, { ...failure });
    }
    case 'POST faults/requests': {
      const fault = requestFaultOf(bodyOf(request));
      target.failRequests(fault);
      return json(201, { ...fault });
    }
    case 'DELETE faults':
      target.clearFaults();
      return empty(204);
    case 'GET requests':
      return json(200, {
        value: target.requests.map((entry) => ({
          ...entry,
          headers: { ...entry.headers },
          apiVersion: entry.apiVersion ?? null,
        })),
      });
    case 'DELETE requests':
      target.clearRequests();
      return empty(204);
    case 'GET settings':
      return json(200, target.configure({}));
    case 'PUT settings': {
      const body = bodyOf(request);
      const runningPolls = optional(body, 'runningPolls', 'number');
      const retryAfterSeconds = optional(body, 'retryAfterSeconds', 'number');
      return json(
        200,
        target.configure({
          ...(runningPolls === undefined ? {} : { runningPolls }),
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        }),
      );
    }
    case 'POST token': {
      const body = isJsonObject(request.body) ? request.body : {};
      const scope = optional(body, 'scope', 'string');
      const clientId = optional(body, 'clientId', 'string');
      const token = await target.issueToken({
        ...(scope === undefined ? {} : { scope }),
        ...(clientId === undefined ? {} : { clientId }),
      });
      return json(200, { token_type: 'Bearer', access_token: token });
    }
    default:
      throw new ArmError(
        404,
        'NotFound',
        `There is no control endpoint '${request.method} ${request.path}'.`,
      );
  }
}
