/**
 * HTTP to the API server through `@kubernetes/client-node`: its KubeConfig authenticates every
 * request (tokens, client certificates, exec plugins) and its fetch sends it. Bodies stay plain
 * JSON both ways: the generated typed models would drop fields they do not know and turn
 * timestamps into Dates. One connection pool serves the whole run; `close()` ends it.
 */
import { IsomorphicFetchHttpLibrary, RequestContext } from './client-node.js';
import type { HttpMethod, KubeConfig, ResponseContext } from './client-node.js';
import { CancelledError, isKusionError } from '@kusion/sdk';
import { KubeApiError, KubeConnectionError } from './api-error.js';

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
  close(): Promise<void>;
}

/** Bounds a single non-streaming request: a stuck connection becomes a retryable failure. */
const REQUEST_TIMEOUT_MS = 60_000;

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

export function createKubeTransport(
  kubeConfig: KubeConfig,
  onRequest?: (request: ApiRequestInfo) => void,
): KubeTransport {
  const server = kubeConfig.getCurrentCluster()?.server.replace(/\/+$/, '') ?? '';
  const http = new IsomorphicFetchHttpLibrary();
  let sharedDispatcher: Dispatcher | undefined;

  async function send(
    method: HttpMethod,
    path: string,
    options: RequestOptions,
    signal: AbortSignal,
  ): Promise<ResponseContext> {
    const context = new RequestContext(`${server}${path}`, method);
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      context.setQueryParam(name, value);
      query[name] = value;
    }
    context.setHeaderParam('Accept', 'application/json');
    if (options.body !== undefined) {
      context.setHeaderParam('Content-Type', options.contentType ?? 'application/json');
      context.setBody(JSON.stringify(options.body));
    }
    await kubeConfig.applySecurityAuthentication(context);
    // client-node makes a new dispatcher (a new TLS connection) per request: keep the first.
    const dispatcher = context.getDispatcher();
    if (dispatcher) {
      sharedDispatcher ??= dispatcher;
      context.setDispatcher(sharedDispatcher);
    }
    context.setSignal(signal);
    onRequest?.({ method, path, query });
    try {
      return await http.send(context).toPromise();
    } catch (error) {
      throw connectionError(error, options.signal, signal, `${method} ${path}`);
    }
  }

  return {
    async request(method, path, options) {
      if (options.signal.aborted) throw abortReason(options.signal);
      const signal = AbortSignal.any([options.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
      const response = await send(method, path, options, signal);
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw connectionError(error, options.signal, signal, `${method} ${path}`);
      }
      const body = parseJson(text);
      if (response.httpStatusCode >= 200 && response.httpStatusCode < 300) return body;
      throw new KubeApiError(response.httpStatusCode, body ?? text, `${method} ${path}`);
    },

    async *stream(path, options) {
      if (options.signal.aborted) throw abortReason(options.signal);
      const response = await send('GET', path, options, options.signal);
      if (response.httpStatusCode < 200 || response.httpStatusCode >= 300) {
        const text = await response.body.text().catch(() => '');
        throw new KubeApiError(response.httpStatusCode, parseJson(text) ?? text, `GET ${path}`);
      }
      const stream = response.body.stream();
      if (!stream) return;
      const decoder = new TextDecoder();
      let buffered = '';
      try {
        for await (const chunk of stream) {
          buffered += decoder.decode(chunk, { stream: true });
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
      }
    },

    async close() {
      const dispatcher = sharedDispatcher;
      sharedDispatcher = undefined;
      await dispatcher?.close().catch(() => undefined);
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
