import http from 'node:http';
import https from 'node:https';

export interface HttpRequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** PEM bundle to trust for https (the peers use self-signed certificates). */
  readonly ca?: string;
  readonly body?: string;
  readonly timeoutMs?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * One small HTTP(S) request with an explicit CA and a hard timeout; `fetch` cannot take a CA
 * without an extra dependency. Rejects on network errors and on timeout.
 */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const isHttps = target.protocol === 'https:';
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const requestOptions: https.RequestOptions = {
      method: options.method ?? 'GET',
      headers: { ...options.headers },
      agent: false,
      timeout: timeoutMs,
    };
    if (options.ca !== undefined) requestOptions.ca = options.ca;
    const onResponse = (response: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    };
    const request = isHttps
      ? https.request(target, requestOptions, onResponse)
      : http.request(target, requestOptions, onResponse);
    request.on('timeout', () =>
      request.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)),
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** True when `url` answers with a status accepted by `isExpected` (default 2xx); false on any error. */
export async function answers(
  url: string,
  options: HttpRequestOptions & { readonly isExpected?: (response: HttpResponse) => boolean } = {},
): Promise<boolean> {
  const isExpected =
    options.isExpected ?? ((response) => response.status >= 200 && response.status < 300);
  try {
    return isExpected(await httpRequest(url, { timeoutMs: 2_000, ...options }));
  } catch {
    return false;
  }
}
