/**
 * Talking to the emulator behind the interposer (moto): forwarding a client's request as it came,
 * and the interposer's own calls, signed with the client's access key and region so they land in the
 * same account (moto checks no signatures, but reads the credential scope to route and to pick the
 * account).
 */
import http from 'node:http';
import type { XmlNode } from './query-xml.ts';
import { parseXml, textOf } from './query-xml.ts';

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Who a request is from, as its SigV4 credential scope says. */
export interface Caller {
  readonly accessKey: string;
  readonly region: string;
  readonly service: string;
}

export function callerOf(headers: http.IncomingHttpHeaders): Caller | undefined {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    headers.authorization ?? '',
  );
  if (!match) return undefined;
  const [, accessKey = '', region = '', service = ''] = match;
  return { accessKey, region, service };
}

export function send(
  upstream: URL,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  body: Buffer | string,
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path,
        headers: { ...headers, host: upstream.host },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 502,
            headers: response.headers,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function authorization(caller: Caller, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=${caller.accessKey}/20240101/${caller.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

export class UpstreamError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(message: string, status: number, code: string | undefined) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A query-protocol call (CloudFormation, SNS); answers the parsed response or throws `UpstreamError`. */
export async function queryCall(
  upstream: URL,
  caller: Caller,
  service: string,
  action: string,
  params: Readonly<Record<string, string>>,
): Promise<XmlNode> {
  const version = service === 'sns' ? '2010-03-31' : '2010-05-15';
  const body = new URLSearchParams({ Action: action, Version: version, ...params }).toString();
  const response = await send(
    upstream,
    'POST',
    '/',
    {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: authorization(caller, service),
    },
    body,
  );
  const text = response.body.toString('utf8');
  if (response.status >= 300) {
    const error = text.startsWith('<') ? parseXml(text) : undefined;
    throw new UpstreamError(
      `${action}: HTTP ${response.status}: ${textOf(error, 'Message') ?? text.slice(0, 200)}`,
      response.status,
      textOf(error, 'Code'),
    );
  }
  return parseXml(text);
}

/** A JSON-protocol call (SQS, SSM); answers the parsed body or throws `UpstreamError`. */
export async function jsonCall(
  upstream: URL,
  caller: Caller,
  service: string,
  target: string,
  input: unknown,
): Promise<Record<string, unknown>> {
  const contentType =
    service === 'sqs' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
  const response = await send(
    upstream,
    'POST',
    '/',
    {
      'content-type': contentType,
      'x-amz-target': target,
      authorization: authorization(caller, service),
    },
    JSON.stringify(input),
  );
  const parsed = JSON.parse(response.body.toString('utf8') || '{}') as Record<string, unknown>;
  if (response.status >= 300) {
    const type = typeof parsed['__type'] === 'string' ? parsed['__type'] : undefined;
    throw new UpstreamError(
      `${target}: HTTP ${response.status}`,
      response.status,
      type?.slice(type.indexOf('#') + 1),
    );
  }
  return parsed;
}
