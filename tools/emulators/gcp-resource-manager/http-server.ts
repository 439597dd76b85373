/**
 * One loopback HTTP server for what is not gRPC: the REST liens API and the control API. Each
 * handler takes the requests it recognizes and answers JSON.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JsonRequest {
  readonly method: string;
  /** The path without the query, percent-encoded as sent. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
}

export interface JsonAnswer {
  readonly status: number;
  /** Sent as JSON; no body when undefined. */
  readonly body?: unknown;
}

/** Answers a request it recognizes; undefined hands it to the next handler. */
export type JsonHandler = (request: JsonRequest) => JsonAnswer | undefined;

export interface RunningHttpServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpServer(
  handlers: readonly JsonHandler[],
  port = 0,
): Promise<RunningHttpServer> {
  const server = http.createServer((request, response) => {
    readBody(request).then(
      (text) => {
        reply(response, answer(request, text, handlers));
      },
      (error: unknown) => {
        reply(response, { status: 400, body: { error: String(error) } });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function answer(
  request: http.IncomingMessage,
  text: string,
  handlers: readonly JsonHandler[],
): JsonAnswer {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    return jsonError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
  }
  const jsonRequest: JsonRequest = {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body,
  };
  for (const handler of handlers) {
    const handled = handler(jsonRequest);
    if (handled) return handled;
  }
  return jsonError(404, 'NOT_FOUND', `No such method: ${jsonRequest.method} ${jsonRequest.path}`);
}

/** The error body Google APIs answer over HTTP. */
export function jsonError(
  status: number,
  statusName: string,
  message: string,
  details: readonly object[] = [],
): JsonAnswer {
  return {
    status,
    body: {
      error: { code: status, message, status: statusName, ...(details.length ? { details } : {}) },
    },
  };
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(response: http.ServerResponse, answer: JsonAnswer): void {
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...(body ? { 'content-type': 'application/json; charset=UTF-8' } : {}),
    'content-length': String(Buffer.byteLength(body)),
  });
  response.end(body);
}
