/**
 * A thin HTTP interposer in front of moto that answers some requests itself, as S3 would under
 * throttling, an outage or a missing permission, and forwards the others.
 */
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InterceptedRequest {
  readonly method: string;
  readonly url: string;
  /** 1-based, over every request the interposer saw. */
  readonly count: number;
}

/** Forward; answer with an S3 error; or forward, then answer 500 as if the answer was lost. */
export type Decision =
  'forward' | 'forward-then-fail' | { readonly status: number; readonly code: string };

export interface Interposer {
  readonly endpoint: string;
  readonly requests: readonly InterceptedRequest[];
  close(): Promise<void>;
}

function answer(response: ServerResponse, status: number, code: string): void {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} from the interposer</Message><RequestId>interposer</RequestId></Error>`,
  );
}

export async function startInterposer(
  target: string,
  decide: (request: InterceptedRequest) => Decision,
): Promise<Interposer> {
  const requests: InterceptedRequest[] = [];
  const { hostname, port } = new URL(target);
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const seen = {
      method: incoming.method ?? 'GET',
      url: incoming.url ?? '/',
      count: requests.length + 1,
    };
    requests.push(seen);
    const decision = decide(seen);
    if (typeof decision === 'object') {
      incoming.resume();
      answer(response, decision.status, decision.code);
      return;
    }
    const forwarded = request(
      { hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (upstream) => {
        if (decision === 'forward-then-fail') {
          upstream.resume();
          upstream.on('end', () => {
            answer(response, 500, 'InternalError');
          });
          return;
        }
        response.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(response);
      },
    );
    forwarded.on('error', () => {
      answer(response, 502, 'BadGateway');
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
