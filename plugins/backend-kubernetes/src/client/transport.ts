/**
 * JSON over HTTPS to the API server with Node's own client, authenticated per request by
 * client-node's `KubeConfig` (TLS material, tokens, client certificates, exec plugins). Bodies stay
 * plain JSON both ways: client-node's typed models would turn a Lease's `renewTime` into a `Date`
 * and lose the microseconds the server expects. One keep-alive pool serves the backend until
 * `close()`.
 */
import type { Agent as HttpAgent, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import { KubeApiError, KubeConnectionError } from './api-error.js';
import type { KubeConfig } from './client-node.js';

// Not an ES import: Node 22 builds the ES facade of node:http by reading every export, and its
// `WebSocket` getter loads Node's internal undici, ~20 ms of every run's start-up for nothing.
const http = process.getBuiltinModule('node:http');

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** The `Accept` header: metadata-only lists ask for `PartialObjectMetadataList`. */
  readonly accept?: string;
}

export interface KubeTransport {
  /** The server's URL, for messages. */
  readonly server: string;
  /** Resolves to the parsed JSON body; rejects with `KubeApiError` or `KubeConnectionError`. */
  request(method: HttpMethod, path: string, options?: RequestOptions): Promise<unknown>;
  close(): void;
}

/** A stuck connection becomes an error instead of a hung command. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The TLS options KubeConfig fills in, which our keep-alive agent takes over. */
const TLS_OPTION_NAMES = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
] as const;

export function createKubeTransport(kubeConfig: KubeConfig): KubeTransport {
  const cluster = kubeConfig.getCurrentCluster();
  const server = new URL(cluster?.server ?? 'https://localhost');
  const basePath = server.pathname.replace(/\/+$/, '');
  const isHttps = server.protocol === 'https:';
  const sendRequest = isHttps ? httpsRequest : http.request;
  let agent: HttpAgent | undefined;

  /** Credentials afresh on every request (exec plugins rotate tokens); the agent once. */
  async function connectionOptions(): Promise<HttpsRequestOptions> {
    const options: HttpsRequestOptions = {};
    await kubeConfig.applyToHTTPSOptions(options);
    if (!agent) {
      if (cluster?.proxyUrl) {
        agent = options.agent as HttpAgent;
      } else {
        const tls: Record<string, unknown> = {};
        for (const name of TLS_OPTION_NAMES)
          if (options[name] !== undefined) tls[name] = options[name];
        agent = isHttps
          ? new HttpsAgent({ ...tls, keepAlive: true })
          : new http.Agent({ keepAlive: true });
      }
    }
    return options;
  }

  async function request(
    method: HttpMethod,
    path: string,
    options: RequestOptions = {},
  ): Promise<unknown> {
    const described = `${method} ${path}`;
    const search = new URLSearchParams(options.query ?? {});
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const connection = await connectionOptions().catch((error: unknown) => {
      throw new KubeConnectionError(
        `cannot get credentials for ${server.origin}: ${messageOf(error)}`,
        { cause: error },
      );
    });
    const headers: OutgoingHttpHeaders = {
      ...(connection.headers && !Array.isArray(connection.headers)
        ? (connection.headers as OutgoingHttpHeaders)
        : {}),
      Accept: options.accept ?? 'application/json',
    };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const { status, text } = await new Promise<{ status: number; text: string }>(
      (resolve, reject) => {
        const outgoing = sendRequest(
          {
            protocol: server.protocol,
            hostname: server.hostname,
            port: server.port,
            path: `${basePath}${path}${search.size ? `?${search.toString()}` : ''}`,
            method,
            headers,
            agent,
            auth: connection.auth,
            servername: connection.servername,
            signal,
          },
          (response) => {
            let received = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (received += chunk));
            response.once('end', () => {
              resolve({ status: response.statusCode ?? 0, text: received });
            });
            response.once('error', reject);
          },
        );
        outgoing.once('error', reject);
        outgoing.end(body);
      },
    ).catch((error: unknown) => {
      const why = signal.aborted
        ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
        : messageOf(error);
      throw new KubeConnectionError(
        `${described}: cannot reach the API server ${server.origin}: ${why}`,
        { cause: error },
      );
    });
    const parsed = parseJson(text);
    if (status >= 200 && status < 300) return parsed;
    throw new KubeApiError(status, parsed ?? text, described);
  }

  return {
    server: server.origin,
    request,
    close() {
      agent?.destroy();
      agent = undefined;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  return cause instanceof Error && cause.message ? cause.message : error.message;
}
