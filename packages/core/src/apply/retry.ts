/**
 * Retries transient provider failures with exponential backoff and jitter. Plugins may answer the
 * decision through the `retryPolicy` hook; by default only errors marked retryable are retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable } from '@kusion/sdk';
import type { ChangeAction, Hooks } from '@kusion/sdk';

export interface RetryRequest<T> {
  readonly id: string;
  readonly type: string;
  readonly action: ChangeAction;
  readonly hooks: Hooks;
  readonly signal: AbortSignal;
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly onRetry: (attempt: number, delayMs: number, error: unknown) => void | Promise<void>;
  readonly operation: () => Promise<T>;
}

const MAX_DELAY_MS = 10_000;

export async function withRetry<T>(request: RetryRequest<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request.operation();
    } catch (error) {
      if (request.signal.aborted) throw error;
      const answer = request.hooks.retryPolicy.call({
        id: request.id,
        type: request.type,
        action: request.action,
        attempt,
        error,
      });
      const shouldRetry = answer
        ? answer.shouldRetry
        : isRetryable(error) && attempt <= request.maxRetries;
      if (!shouldRetry) throw error;
      const backoff = Math.min(MAX_DELAY_MS, request.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = answer?.delayMs ?? Math.round(backoff * (0.5 + Math.random() / 2));
      await request.onRetry(attempt, delayMs, error);
      // Stopped while waiting: the failure that was going to be retried is the news.
      await sleep(delayMs, undefined, { signal: request.signal }).catch(() => {
        throw error;
      });
    }
  }
}

/** One line saying why an operation failed. */
export function failureMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
