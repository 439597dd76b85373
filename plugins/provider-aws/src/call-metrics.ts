/**
 * Counts the calls the SDK clients send, for `--timings`: every attempt (the SDK's own retries
 * included), by operation (`ExecuteChangeSet`), and how many AWS throttled. A middleware at the
 * `deserialize` step runs inside the SDK's retry loop, so it sees each attempt.
 */
import type { ProviderMetrics } from '@kusion/sdk';
import type { MiddlewareStack } from '@smithy/types';

/** The part of an SDK v3 client the counter needs. */
interface ClientWithMiddleware {
  // The services' own input/output unions differ; the counter only passes them through.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly middlewareStack: MiddlewareStack<any, any>;
}

export interface CallMetrics {
  /** Adds the counting middleware to a client. */
  watch(client: ClientWithMiddleware): void;
  snapshot(): ProviderMetrics;
}

const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|RequestThrottled/;

export function createCallMetrics(): CallMetrics {
  const byOperation = new Map<string, number>();
  let total = 0;
  let throttled = 0;
  return {
    watch(client) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          total++;
          const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
          byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
          try {
            return await next(args);
          } catch (error) {
            if (isThrottling(error)) throttled++;
            throw error;
          }
        },
        { step: 'deserialize', name: 'kusionCallMetrics' },
      );
    },
    snapshot: () => ({
      apiCalls: total,
      throttled,
      callsByOperation: Object.fromEntries(byOperation),
    }),
  };
}

function isThrottling(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as {
    name?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  return (typeof name === 'string' && THROTTLING.test(name)) || $metadata?.httpStatusCode === 429;
}
