/**
 * The HTTPS server on loopback: reads each request whole, hands it to the emulator as an
 * ArmRequest and writes the ArmResponse with ARM's tracing headers (`x-ms-request-id`,
 * `x-ms-correlation-request-id`). Errors thrown as ArmError become ARM's error body.
 */
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonValue } from '../json-value.ts';
import { ArmError, detailToJson } from './arm-error.ts';
import type { ArmRequest, ArmResponse } from './exchange.ts';

export type RequestHandler = (request: ArmRequest) => Promise<ArmResponse>;

export interface ArmHttpsServer {
  readonly port: number;
  close(): Promise<void>;
}

async function readBody(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function errorAnswer(error: unknown): ArmResponse {
  if (error instanceof ArmError)
    return {
      status: error.status,
      body: { error: detailToJson(error.detail) },
      headers: { ...error.options.headers },
    };
  return {
    status: 500,
    body: {
      error: { code: 'InternalServerError', message: `The ARM emulator failed: ${String(error)}` },
    },
  };
}

function parseRequest(message: IncomingMessage, rawBody: string): ArmRequest {
  // Clients build URLs as `/${resourceId}` from ids that start with '/' (the SDK's `…ById` calls send
  // `//subscriptions/…`): ARM reads that as `/subscriptions/…`. Collapse before URL parsing, which
  // would take `//subscriptions` for a host.
  const raw = message.url ?? '/';
  const queryStart = raw.indexOf('?');
  const rawPath = queryStart < 0 ? raw : raw.slice(0, queryStart);
  const url = new URL(
    `${rawPath.replace(/\/{2,}/g, '/')}${queryStart < 0 ? '' : raw.slice(queryStart)}`,
    'https://127.0.0.1',
  );
  const path = url.pathname.replace(/(.)\/$/, '$1');
  let segments: string[];
  try {
    segments = path
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodeURIComponent);
  } catch {
    throw new ArmError(400, 'InvalidRequestUri', `The request URI '${path}' is not valid.`);
  }
  const contentType = message.headers['content-type'] ?? '';
  let body: JsonValue | undefined;
  if (rawBody.trim() !== '' && !contentType.includes('x-www-form-urlencoded')) {
    try {
      body = JSON.parse(rawBody) as JsonValue;
    } catch (error) {
      throw new ArmError(
        400,
        'InvalidRequestContent',
        `The request content was invalid and could not be deserialized: '${error instanceof Error ? error.message : String(error)}'.`,
      );
    }
  }
  const correlation = message.headers['x-ms-correlation-request-id'];
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    path,
    segments,
    query: url.searchParams,
    headers: message.headers,
    body,
    rawBody,
    requestId: randomUUID(),
    correlationId:
      typeof correlation === 'string' && correlation !== '' ? correlation : randomUUID(),
  };
}

function writeAnswer(
  response: ServerResponse,
  request: Pick<ArmRequest, 'method' | 'requestId' | 'correlationId'>,
  answer: ArmResponse,
): void {
  const headers: Record<string, string> = {
    'x-ms-request-id': request.requestId,
    'x-ms-correlation-request-id': request.correlationId,
    'Cache-Control': 'no-cache',
    ...answer.headers,
  };
  const body =
    answer.body === undefined || request.method === 'HEAD'
      ? undefined
      : JSON.stringify(answer.body);
  if (answer.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(body === undefined ? 0 : Buffer.byteLength(body));
  response.writeHead(answer.status, headers);
  response.end(body);
}

export async function startHttpsServer(
  tls: { readonly certPem: string; readonly keyPem: string },
  port: number,
  handle: RequestHandler,
  onAnswered: (request: ArmRequest, answer: ArmResponse) => void,
): Promise<ArmHttpsServer> {
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (message, response) => {
    void (async () => {
      let request: ArmRequest | undefined;
      let answer: ArmResponse;
      try {
        request = parseRequest(message, await readBody(message));
        answer = await handle(request);
      } catch (error) {
        answer = errorAnswer(error);
      }
      const written = request ?? {
        method: message.method ?? 'GET',
        requestId: randomUUID(),
        correlationId: randomUUID(),
      };
      writeAnswer(response, written, answer);
      if (request !== undefined) onAnswered(request, answer);
    })().catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
