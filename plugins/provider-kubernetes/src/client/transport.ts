/**
 * HTTP to the API server with Node's own https client, authenticated by `@kubernetes/client-node`:
 * its KubeConfig supplies, per request, the TLS material and the credentials (tokens, client
 * certificates, exec and auth-provider plugins, proxies). We do not send through its fetch: its
 * bundled fetch and web streams cost about three times the CPU of a plain request, which a deploy
 * of hundreds of objects pays on every one. Bodies stay plain JSON both ways: the generated typed
 * models would drop fields they do not know and turn timestamps into Dates. One keep-alive
 * connection pool serves the whole run; `close()` ends it.
 */
import type { Agent as HttpAgent, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import { CancelledError, isKusionError } from '@kusion/sdk';
import type { KubeConfig } from './client-node.js';
import type { ProviderMetrics } from '@kusion/sdk';
import { KubeApiError, KubeConnectionError } from './api-error.js';
import { createRequestMetrics } from './request-metrics.js';

// Not an ES import: Node 22 builds the ES facade of node:http by reading every export, and its
// `WebSocket` getter loads Node's internal undici, ~20 ms of every run's start-up for nothing.
const http = process.getBuiltinModule('node:http');

export type HttpMethod = 'GET' | 'PATCH' | 'DELETE' | 'POST' | 'PUT';

/** What an observer sees of each request (the provider's `onRequest` option). */
export interface ApiRequestInfo {
  readonly method: string;
  /** The URL path, e.g. `/api/v1/namespaces/default/configmaps`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | undefined>> | undefined;
  readonly body?: unknown;
  readonly contentType?: string | undefined;
  readonly signal: AbortSignal;
}

export interface KubeTransport {
  /** Sends one request; resolves to the parsed JSON body, rejects with KubeApiError on an error status. */
  request(method: HttpMethod, path: string, options: RequestOptions): Promise<unknown>;
  /** A streaming GET (watch): yields each JSON line until the server or the signal ends it. */
  stream(path: string, options: RequestOptions): AsyncIterable<unknown>;
  /** Requests sent so far, by operation, and how many were throttled. */
  metrics(): ProviderMetrics;
  close(): Promise<void>;
}

/** How long credentials read from the KubeConfig serve before they are read again. */
const CREDENTIALS_REUSE_MS = 1_000;

/** Bounds a single non-streaming request: a stuck connection becomes a retryable failure. */
const REQUEST_TIMEOUT_MS = 60_000;

/** The TLS options client-node's KubeConfig fills in, which our own keep-alive agent takes over. */
const TLS_OPTION_NAMES = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
] as const;

export function createKubeTransport(
  kubeConfig: KubeConfig,
  onRequest?: (request: ApiRequestInfo) => void,
): KubeTransport {
  const cluster = kubeConfig.getCurrentCluster();
  const server = new URL(cluster?.server ?? 'https://localhost');
  const basePath = server.pathname.replace(/\/+$/, '');
  const isHttps = server.protocol === 'https:';
  const sendRequest = isHttps ? httpsRequest : http.request;
  let agent: HttpAgent | undefined;
  const counted = createRequestMetrics();

  /**
   * Credentials and TLS material from the KubeConfig, reused for a second: client-node reads the
   * certificate and token files on every call (~40 µs a request), and exec plugins cache their
   * token until it expires anyway. The agent once.
   */
  let fresh: { readonly options: HttpsRequestOptions; readonly until: number } | undefined;
  async function connectionOptions(): Promise<HttpsRequestOptions> {
    const now = performance.now();
    if (fresh && now < fresh.until) return fresh.options;
    const options: HttpsRequestOptions = {};
    await kubeConfig.applyToHTTPSOptions(options);
    fresh = { options, until: now + CREDENTIALS_REUSE_MS };
    if (!agent) {
      if (cluster?.proxyUrl) {
        // A proxy (HTTP or SOCKS): client-node's agent for it, cached by the KubeConfig.
        agent = options.agent as HttpAgent;
      } else {
        const tls: Record<string, unknown> = {};
        for (const name of TLS_OPTION_NAMES)
          if (options[name] !== undefined) tls[name] = options[name];
        agent = isHttps
          ? new HttpsAgent({ ...tls, keepAlive: true, keepAliveMsecs: 30_000 })
          : new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000 });
        // One agent, one server: a constant pool name, instead of the string Node builds on every
        // request from the options, PEM certificates included.
        agent.getName = () => server.host;
      }
    }
    return options;
  }

  async function send(
    method: HttpMethod,
    path: string,
    options: RequestOptions,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const query: Record<string, string> = {};
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      search.set(name, value);
      query[name] = value;
    }
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const connection = await connectionOptions();
    const headers: OutgoingHttpHeaders = {
      ...headerObject(connection.headers),
      Accept: 'application/json',
    };
    if (body !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const queryString = search.size ? `?${search.toString()}` : '';
    onRequest?.({ method, path, query });
    counted.sent(method, path);
    return new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = sendRequest(
        {
          protocol: server.protocol,
          hostname: server.hostname,
          port: server.port,
          path: `${basePath}${path}${queryString}`,
          method,
          headers,
          agent,
          auth: connection.auth,
          servername: connection.servername,
          signal,
        },
        resolve,
      );
      outgoing.once('error', (error) => {
        reject(connectionError(error, options.signal, signal, `${method} ${path}`));
      });
      outgoing.end(body);
    });
  }

  return {
    async request(method, path, options) {
      if (options.signal.aborted) throw abortReason(options.signal);
      const signal = AbortSignal.any([options.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
      const response = await send(method, path, options, signal);
      let text = '';
      try {
        response.setEncoding('utf8');
        for await (const chunk of response) text += chunk as string;
      } catch (error) {
        throw connectionError(error, options.signal, signal, `${method} ${path}`);
      }
      const status = response.statusCode ?? 0;
      if (status === 429) counted.throttled();
      const body = parseJson(text);
      if (status >= 200 && status < 300) return body;
      throw new KubeApiError(status, body ?? text, `${method} ${path}`);
    },

    async *stream(path, options) {
      if (options.signal.aborted) throw abortReason(options.signal);
      const response = await send('GET', path, options, options.signal);
      response.setEncoding('utf8');
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        let text = '';
        for await (const chunk of response) text += chunk as string;
        throw new KubeApiError(status, parseJson(text) ?? text, `GET ${path}`);
      }
      let buffered = '';
      try {
        for await (const chunk of response) {
          buffered += chunk as string;
          let newline = buffered.indexOf('\n');
          while (newline !== -1) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line) yield parseJson(line);
            newline = buffered.indexOf('\n');
          }
        }
      } catch (error) {
        throw connectionError(error, options.signal, options.signal, `GET ${path}`);
      } finally {
        response.destroy();
      }
    },

    metrics: () => counted.snapshot(),

    close() {
      agent?.destroy();
      agent = undefined;
      return Promise.resolve();
    },
  };
}

/** client-node writes credentials as a header object; the raw-array form is never used here. */
function headerObject(headers: HttpsRequestOptions['headers']): OutgoingHttpHeaders {
  return headers && !Array.isArray(headers) ? (headers as OutgoingHttpHeaders) : {};
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Network-level failures that a later attempt may not meet. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function connectionError(
  error: unknown,
  callerSignal: AbortSignal,
  signal: AbortSignal,
  request: string,
): Error {
  if (callerSignal.aborted) return abortReason(callerSignal);
  if (signal.aborted) {
    return new KubeConnectionError(
      `${request}: no answer from the API server within ${REQUEST_TIMEOUT_MS / 1000} s`,
      true,
      error,
    );
  }
  const code = errorCode(error);
  const detail = error instanceof Error ? describeCause(error) : String(error);
  return new KubeConnectionError(
    `${request}: cannot reach the API server: ${detail}`,
    code !== undefined && TRANSIENT_CODES.has(code),
    error,
  );
}

/** Reads the flag afresh: TypeScript keeps `signal.aborted` narrowed across awaits. */
export function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** What an aborted signal means to the engine: its own reason when it is a Kusion error. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (isKusionError(reason)) return reason;
  return new CancelledError();
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeCause(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error && cause.message) return cause.message;
  return error.message;
}
