/**
 * Counts the requests the transport sends, for `--timings`: per operation (method, API group and
 * version, resource: `PATCH apps/v1 deployments`), and how many the server throttled (HTTP 429).
 * Counted where requests leave, so the numbers agree with a proxy in front of the API server.
 */
import type { ProviderMetrics } from '@kusion/sdk';

export interface RequestMetrics {
  sent(method: string, path: string): void;
  throttled(): void;
  snapshot(): ProviderMetrics;
}

export function createRequestMetrics(): RequestMetrics {
  const byOperation = new Map<string, number>();
  let total = 0;
  let throttled = 0;
  return {
    sent(method, path) {
      total++;
      const operation = operationOf(method, path);
      byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    },
    throttled() {
      throttled++;
    },
    snapshot: () => ({
      apiCalls: total,
      throttled,
      callsByOperation: Object.fromEntries(byOperation),
    }),
  };
}

/** `/apis/apps/v1/namespaces/shop/deployments/web` → `apps/v1 deployments`; discovery paths as they are. */
export function operationOf(method: string, path: string): string {
  const segments = path.split('/').filter(Boolean);
  const groupVersion =
    segments[0] === 'api'
      ? segments.slice(1, 2)
      : segments[0] === 'apis'
        ? segments.slice(1, 3)
        : undefined;
  if (!groupVersion || groupVersion.length === 0) return `${method} ${path}`;
  const rest = segments.slice(segments[0] === 'api' ? 2 : 3);
  const resource = rest[0] === 'namespaces' && rest.length > 2 ? rest[2] : rest[0];
  return `${method} ${groupVersion.join('/')}${resource ? ` ${resource}` : ''}`;
}
