/**
 * Tracing through the `debug` package (`DEBUG=kusion:core:*`). The package is loaded only when
 * `DEBUG` is set: without it nothing would be printed, and every command would pay for loading it.
 */
import { createRequire } from 'node:module';
import type CreateDebug from 'debug';

export type Trace = (format: string, ...args: unknown[]) => void;

const requireHere = createRequire(import.meta.url);

export function createTrace(namespace: string): Trace {
  if (!process.env.DEBUG) return () => undefined;
  const createDebug = requireHere('debug') as typeof CreateDebug;
  return createDebug(namespace);
}
