/**
 * Whether the holder of a lock can still be working. A holder on this host whose process is gone,
 * or whose pid now belongs to another process, is provably dead; any holder past its expiry has
 * stopped renewing (a live run renews well before). Either may be taken over without asking.
 */
import { hostname } from 'node:os';
import type { LockInfo } from '@kusion/sdk';
import { isProcessRunning, processStartToken } from './process-liveness.js';

export type Staleness =
  | { readonly kind: 'dead'; readonly reason: string }
  | { readonly kind: 'expired'; readonly reason: string };

/** Why a holder is stale, or undefined when it may still be working. */
export function judgeStaleness(info: LockInfo, now = Date.now()): Staleness | undefined {
  if (info.host === hostname()) {
    if (!isProcessRunning(info.pid)) {
      return { kind: 'dead', reason: `process ${info.pid} on this host is no longer running` };
    }
    const start = info.processStart;
    if (start !== undefined) {
      const running = processStartToken(info.pid);
      if (running !== undefined && running !== start) {
        return {
          kind: 'dead',
          reason: `process ${info.pid} on this host has ended (its pid now belongs to another process)`,
        };
      }
    }
  }
  const expiresAt = Date.parse(info.expiresAt);
  if (Number.isNaN(expiresAt) || expiresAt <= now) {
    return { kind: 'expired', reason: `it expired at ${info.expiresAt} without being renewed` };
  }
  return undefined;
}

export function describeHolder(info: LockInfo): string {
  return `${info.user}@${info.host} (pid ${info.pid}, "${info.command}") since ${info.acquiredAt}`;
}
