/**
 * The controls over HTTP, under `/emulator/`, for tests that run the emulator as a process:
 *
 *   GET    /emulator/requests                the request log (JSON array)
 *   DELETE /emulator/requests                clear it
 *   POST   /emulator/faults                  { method, code, times?, message? }
 *   POST   /emulator/operation-faults        { method, code, message? }
 *   POST   /emulator/hidden                  { name }
 *   POST   /emulator/denied-permissions      { resource, permission }
 *   POST   /emulator/operation-polls         { polls }
 *   POST   /emulator/reset
 *
 * Answers 204 on success, 400 `{ error }` for a malformed body.
 */
import type { EmulatorControls } from './controls.ts';
import type { JsonAnswer, JsonHandler } from './http-server.ts';
import type { RequestLog } from './request-log.ts';

export const CONTROL_PATH = '/emulator';

type Body = Record<string, unknown>;

export function controlApiHandler(controls: EmulatorControls, log: RequestLog): JsonHandler {
  const commands: Record<string, (body: Body) => void> = {
    'POST /faults': (body) => {
      controls.failCalls({
        method: requiredString(body, 'method'),
        code: code(body),
        ...optional(body, 'times', 'number'),
        ...optional(body, 'message', 'string'),
      });
    },
    'POST /operation-faults': (body) => {
      controls.failNextOperation({
        method: requiredString(body, 'method'),
        code: code(body),
        ...optional(body, 'message', 'string'),
      });
    },
    'POST /hidden': (body) => {
      controls.hide(requiredString(body, 'name'));
    },
    'POST /denied-permissions': (body) => {
      controls.denyPermission(requiredString(body, 'resource'), requiredString(body, 'permission'));
    },
    'POST /operation-polls': (body) => {
      const polls = body['polls'];
      if (typeof polls !== 'number') throw new Error('polls must be a number');
      controls.setOperationPollsToComplete(polls);
    },
    'POST /reset': () => {
      controls.reset();
    },
    'DELETE /requests': () => {
      controls.clearRequests();
    },
  };

  return (request): JsonAnswer | undefined => {
    if (!request.path.startsWith(`${CONTROL_PATH}/`)) return undefined;
    const command = `${request.method} ${request.path.slice(CONTROL_PATH.length)}`;
    if (command === 'GET /requests') return { status: 200, body: log.entries };
    const run = commands[command];
    if (run === undefined) return { status: 404, body: { error: `no control ${command}` } };
    const body: unknown = request.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return { status: 400, body: { error: 'the body must be a JSON object' } };
    try {
      run(body as Body);
      return { status: 204 };
    } catch (error) {
      return {
        status: 400,
        body: { error: error instanceof Error ? error.message : String(error) },
      };
    }
  };
}

function requiredString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || !value) throw new Error(`${field} must be a non-empty string`);
  return value;
}

function code(body: Body): string | number {
  const value = body['code'];
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error('code must be a gRPC status name or number');
  return value;
}

function optional<K extends string, T extends 'string' | 'number'>(
  body: Body,
  field: K,
  type: T,
): Partial<Record<K, T extends 'string' ? string : number>> {
  const value = body[field];
  if (value === undefined) return {};
  if (typeof value !== type) throw new Error(`${field} must be a ${type}`);
  return { [field]: value } as Partial<Record<K, T extends 'string' ? string : number>>;
}
