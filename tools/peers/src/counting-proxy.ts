// A TLS-terminating proxy between a client (kusion, kubectl) and the apiserver that counts every
// request at the HTTP layer. It serves a self-signed certificate of its own, which the kubeconfig
// it writes names as the CA, and forwards each request unchanged (the same bearer token) to the
// apiserver over a kept-alive connection.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { renderKubeconfig } from './kube-apiserver.ts';

export interface Upstream {
  /** `https://127.0.0.1:PORT` */
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
}

/** What one command sent: API requests by kind of request, and discovery apart. */
export interface RequestCounts {
  /** Requests that are not discovery. */
  readonly total: number;
  /** `PATCH (apply)`, `PATCH (dry run)`, `LIST`, `GET`, `WATCH`, `DELETE`... → count. */
  readonly byVerb: Readonly<Record<string, number>>;
  /** `/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>`, `/openapi/...`, `/version`. */
  readonly discovery: number;
}

export interface CountingProxy {
  readonly server: string;
  /** A kubeconfig for the proxy: its certificate as the CA, the apiserver's token. */
  readonly kubeconfigPath: string;
  /** Starts a new count. */
  reset(): void;
  counts(): RequestCounts;
  close(): Promise<void>;
}

export async function startCountingProxy(upstream: Upstream, dir: string): Promise<CountingProxy> {
  const keyFile = join(dir, 'proxy.key');
  const certFile = join(dir, 'proxy.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=kusion-bench-proxy',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(certFile, 'utf8');
  const target = new URL(upstream.server);
  const agent = new Agent({ keepAlive: true, ca: upstream.caPem, maxSockets: 64 });

  let byVerb = new Map<string, number>();
  let discovery = 0;
  const server = createServer({ key: readFileSync(keyFile), cert }, (incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'https://proxy');
    const method = incoming.method ?? 'GET';
    if (isDiscovery(method, url.pathname)) discovery++;
    else {
      const verb = verbOf(method, url);
      byVerb.set(verb, (byVerb.get(verb) ?? 0) + 1);
    }
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
        agent,
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end(String(error));
    });
    // A client that goes away (the end of a watch) ends the upstream request too.
    outgoing.on('close', () => forwarded.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxyServer = `https://127.0.0.1:${port}`;
  const kubeconfigPath = join(dir, 'kubeconfig-proxy');
  writeFileSync(kubeconfigPath, renderKubeconfig(proxyServer, cert, upstream.token), {
    mode: 0o600,
  });

  return {
    server: proxyServer,
    kubeconfigPath,
    reset() {
      byVerb = new Map();
      discovery = 0;
    },
    counts() {
      const sorted = [...byVerb.entries()].sort(([a], [b]) => a.localeCompare(b));
      return {
        total: sorted.reduce((sum, [, count]) => sum + count, 0),
        byVerb: Object.fromEntries(sorted),
        discovery,
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      agent.destroy();
    },
  };
}

/** Discovery: what a client asks to learn which kinds exist, not about any object. */
export function isDiscovery(method: string, path: string): boolean {
  if (method !== 'GET') return false;
  return (
    /^\/(api|apis|version)\/?$/.test(path) ||
    /^\/api\/v1\/?$/.test(path) ||
    /^\/apis\/[^/]+(\/[^/]+)?\/?$/.test(path) ||
    path.startsWith('/openapi/') ||
    path.startsWith('/swagger')
  );
}

/** `PATCH (apply)`, `PATCH (dry run)`, `LIST`, `GET`, `WATCH`, `POST`, `PUT`, `DELETE`. */
export function verbOf(method: string, url: URL): string {
  const dryRun = url.searchParams.has('dryRun') ? ' (dry run)' : '';
  if (method === 'PATCH') return `PATCH${dryRun || ' (apply)'}`;
  if (method !== 'GET') return `${method}${dryRun}`;
  const watch = url.searchParams.get('watch');
  if (watch === '1' || watch === 'true') return 'WATCH';
  // After /api/v1 or /apis/<group>/<version>: [namespaces, ns,] resource [, name [, subresource]]
  const segments = url.pathname.split('/').filter(Boolean);
  const rest = segments.slice(segments[0] === 'api' ? 2 : 3);
  const isNamespaced = rest[0] === 'namespaces' && rest.length >= 3;
  const afterScope = isNamespaced ? rest.slice(2) : rest;
  return afterScope.length === 1 ? 'LIST' : 'GET';
}
