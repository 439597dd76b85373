/**
 * Decides which mutating calls fail. With a seed, the draw for a call depends only on the seed,
 * the operation, the id and how many times that operation was tried on that id, so a run fails the
 * same way however the engine schedules its parallel work.
 */
import { ProviderError } from '@kusion/sdk';
import type { TestProviderSettings } from './settings.js';

export type MutatingOperation = 'apply' | 'delete';

export interface FaultInjector {
  /** The error this call must fail with, or undefined to let it proceed. */
  failureFor(operation: MutatingOperation, id: string): ProviderError | undefined;
}

type FaultSettings = Pick<
  TestProviderSettings,
  'failIds' | 'failRate' | 'transientFailRate' | 'seed'
>;

export function createFaultInjector(settings: FaultSettings): FaultInjector {
  const { failIds, failRate, transientFailRate, seed } = settings;
  const hasRandomFailures = failRate > 0 || transientFailRate > 0;
  const attempts = new Map<string, number>();

  const draw = (operation: MutatingOperation, id: string): number => {
    if (seed === undefined) return Math.random();
    const key = `${operation}\u0000${id}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    return hashToUnitInterval(`${seed}\u0000${key}\u0000${attempt}`);
  };

  return {
    failureFor(operation, id) {
      if (failIds.has(id)) {
        return new ProviderError(
          `test provider: injected failure: ${operation} of "${id}" (listed in failIds)`,
          {
            resourceId: id,
            hint: 'remove the id from providers.test.failIds to let it succeed',
          },
        );
      }
      if (!hasRandomFailures) return undefined;
      const sample = draw(operation, id);
      if (sample < failRate) {
        return new ProviderError(
          `test provider: injected failure: ${operation} of "${id}" (failRate ${failRate})`,
          {
            resourceId: id,
          },
        );
      }
      if (sample < failRate + transientFailRate) {
        return new ProviderError(
          `test provider: injected transient failure: ${operation} of "${id}" (transientFailRate ${transientFailRate})`,
          { resourceId: id, retryable: true },
        );
      }
      return undefined;
    },
  };
}

/** FNV-1a, then murmur3's finaliser to spread the bits; uniform enough for fault injection. */
function hashToUnitInterval(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}
