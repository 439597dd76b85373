/**
 * Liens over the v3 REST API (`/v3/liens`), because the Node client packages no Liens service:
 * callers use google-auth-library's HTTP client against this endpoint. A lien with the restriction
 * `resourcemanager.projects.delete` makes DeleteProject fail with FAILED_PRECONDITION until it is
 * removed. JSON uses proto3 JSON names; errors are Google's `{ error: { code, message, status } }`.
 */
import { randomUUID } from 'node:crypto';
import type { Access } from './access.ts';
import type { Faults } from './faults.ts';
import { jsonError, type JsonAnswer, type JsonHandler, type JsonRequest } from './http-server.ts';
import { paginate } from './pagination.ts';
import type { RequestLog } from './request-log.ts';
import { Code, codeName, invalidArgument, missingField, notFound, RpcError } from './rpc-error.ts';
import { PROJECT_DELETE_RESTRICTION, type LienRecord, type ResourceStore } from './store.ts';

const MAX_TEXT = 200;

/** Google's mapping of status codes to HTTP statuses. */
const HTTP_STATUS: Partial<Record<Code, number>> = {
  [Code.CANCELLED]: 499,
  [Code.UNKNOWN]: 500,
  [Code.INVALID_ARGUMENT]: 400,
  [Code.DEADLINE_EXCEEDED]: 504,
  [Code.NOT_FOUND]: 404,
  [Code.ALREADY_EXISTS]: 409,
  [Code.PERMISSION_DENIED]: 403,
  [Code.RESOURCE_EXHAUSTED]: 429,
  [Code.FAILED_PRECONDITION]: 400,
  [Code.ABORTED]: 409,
  [Code.OUT_OF_RANGE]: 400,
  [Code.UNIMPLEMENTED]: 501,
  [Code.INTERNAL]: 500,
  [Code.UNAVAILABLE]: 503,
  [Code.DATA_LOSS]: 500,
  [Code.UNAUTHENTICATED]: 401,
};

interface Route {
  readonly method: string;
  run(): JsonAnswer;
  /** What the request log shows as the request: body, path and query parameters. */
  readonly request: unknown;
}

export function liensHandler(
  store: ResourceStore,
  access: Access,
  log: RequestLog,
  faults: Faults,
): JsonHandler {
  const createLien = (body: unknown): JsonAnswer => {
    const lien = isObject(body) ? body : {};
    const parent = text(lien, 'parent');
    if (!parent) throw missingField('parent');
    const project = access.project(parent, 'resourcemanager.projects.updateLiens');
    const restrictions = lien['restrictions'];
    if (!Array.isArray(restrictions) || restrictions.length === 0)
      throw invalidArgument('restrictions must not be empty.', [
        { field: 'restrictions', description: 'required' },
      ]);
    const unsupported = restrictions.filter((entry) => entry !== PROJECT_DELETE_RESTRICTION);
    if (unsupported.length) {
      throw invalidArgument(
        `Unsupported restrictions for a project lien: ${unsupported.map(String).join(', ')} (supported: ${PROJECT_DELETE_RESTRICTION}).`,
        [{ field: 'restrictions', description: 'unsupported restriction' }],
      );
    }
    const reason = requiredText(lien, 'reason');
    const origin = requiredText(lien, 'origin');
    const record: LienRecord = {
      name: `liens/p${project.name.split('/')[1] ?? ''}-l${randomUUID()}`,
      parent: project.name,
      restrictions: restrictions.map(String),
      reason,
      origin,
      createTime: new Date(),
    };
    store.liens.set(record.name, record);
    return { status: 200, body: lienJson(record) };
  };

  const listLiens = (query: URLSearchParams): JsonAnswer => {
    const parent = query.get('parent');
    if (!parent) throw missingField('parent');
    const project = access.project(parent, 'resourcemanager.projects.get');
    const liens = [...store.liens.values()].filter((lien) => lien.parent === project.name);
    const pageSize = Number(query.get('pageSize') ?? '0');
    const pageToken = query.get('pageToken');
    const page = paginate(liens, {
      page_size: Number.isFinite(pageSize) ? pageSize : 0,
      ...(pageToken ? { page_token: pageToken } : {}),
    });
    return {
      status: 200,
      body: {
        ...(page.items.length ? { liens: page.items.map(lienJson) } : {}),
        ...(page.next.next_page_token ? { nextPageToken: page.next.next_page_token } : {}),
      },
    };
  };

  const existingLien = (name: string, permission: string): LienRecord => {
    const lien = store.liens.get(name);
    if (lien === undefined) throw notFound(`Lien ${name} not found.`);
    access.project(lien.parent, permission);
    return lien;
  };

  const route = (request: JsonRequest): Route | undefined => {
    if (request.path === '/v3/liens') {
      if (request.method === 'POST')
        return {
          method: 'Liens.CreateLien',
          request: request.body,
          run: () => createLien(request.body),
        };
      if (request.method === 'GET') {
        return {
          method: 'Liens.ListLiens',
          request: Object.fromEntries(request.query),
          run: () => listLiens(request.query),
        };
      }
      return undefined;
    }
    const id = /^\/v3\/liens\/([^/]+)$/.exec(request.path)?.[1];
    if (id === undefined) return undefined;
    const name = `liens/${decodeURIComponent(id)}`;
    if (request.method === 'GET') {
      return {
        method: 'Liens.GetLien',
        request: { name },
        run: () => ({
          status: 200,
          body: lienJson(existingLien(name, 'resourcemanager.projects.get')),
        }),
      };
    }
    if (request.method === 'DELETE') {
      return {
        method: 'Liens.DeleteLien',
        request: { name },
        run: () => {
          existingLien(name, 'resourcemanager.projects.updateLiens');
          store.liens.delete(name);
          return { status: 200, body: {} };
        },
      };
    }
    return undefined;
  };

  return (request) => {
    const matched = route(request);
    if (matched === undefined) return undefined;
    const finish = log.record({
      method: matched.method,
      transport: 'rest',
      request: matched.request,
      metadata: headerText(request.headers),
    });
    try {
      const injected = faults.takeCallFault(matched.method);
      if (injected) throw injected;
      const answer = matched.run();
      finish('OK');
      return answer;
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      finish(codeName(error.code));
      return restError(error);
    }
  };
}

function lienJson(lien: LienRecord): object {
  return {
    name: lien.name,
    parent: lien.parent,
    restrictions: lien.restrictions,
    reason: lien.reason,
    origin: lien.origin,
    createTime: lien.createTime.toISOString(),
  };
}

function restError(error: RpcError): JsonAnswer {
  return jsonError(
    HTTP_STATUS[error.code] ?? 500,
    codeName(error.code),
    error.message,
    error.details.map((detail) => ({
      '@type': `type.googleapis.com/${detail.type}`,
      ...camelCaseKeys(detail.value),
    })),
  );
}

/** proto3 JSON names (`field_violations` → `fieldViolations`); map contents are left alone. */
function camelCaseKeys(value: object): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const name = key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
    converted[name] = Array.isArray(entry)
      ? entry.map((item: unknown) => (isObject(item) ? camelCaseKeys(item) : item))
      : entry;
  }
  return converted;
}

function headerText(headers: JsonRequest['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = name === 'authorization' ? '(redacted)' : String(value);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

function requiredText(body: Record<string, unknown>, field: string): string {
  const value = text(body, field);
  if (!value) throw missingField(field);
  if (value.length > MAX_TEXT) {
    throw invalidArgument(`${field} must be at most ${MAX_TEXT} characters.`, [
      { field, description: 'too long' },
    ]);
  }
  return value;
}
