/**
 * The data key store (optional in a backend, `Backend.keys`): created once however many first runs
 * race, re-wrapped only over the version the writer read (however many rotations race), and seen
 * by every other opener.
 */
import type { Backend, KeyStore, WrappedKey } from '@kusion/sdk';
import { expect } from 'vitest';
import type { BackendConformanceCheck } from './types.js';

function wrappedKey(ciphertext: string, extra: Partial<WrappedKey> = {}): WrappedKey {
  return {
    service: 'conformance-test',
    ciphertext,
    parameters: { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/test', cost: 3 },
    keyId: '0123456789abcdef',
    createdAt: '2024-01-01T00:00:00.000Z',
    ...extra,
  };
}

function keysOf(backend: Backend): KeyStore {
  if (!backend.keys) throw new Error('Backend.keys disappeared between two opens');
  return backend.keys;
}

const skipWhen = (backend: { keys?: unknown }): string | undefined =>
  backend.keys ? undefined : 'the backend keeps no data key (Backend.keys)';

export const keyStoreChecks: readonly BackendConformanceCheck[] = [
  {
    name: 'data-key-create-race',
    title:
      '10 racing first writers of the data key: exactly one stores it, every opener reads that one',
    skipWhen,
    async run(target) {
      const backends = await Promise.all(Array.from({ length: 10 }, () => target.open()));
      expect(await backends[0]?.keys?.get()).toBeUndefined();
      const outcomes = await Promise.all(
        backends.map((backend, index) =>
          keysOf(backend).put(wrappedKey(`wrapped-${index}`), { ifAbsent: true }),
        ),
      );
      const winners = outcomes.flatMap((outcome, index) => (outcome.stored ? [index] : []));
      expect(winners).toHaveLength(1);
      const stored = await keysOf(await target.open()).get();
      expect(stored?.key).toEqual(wrappedKey(`wrapped-${winners[0] ?? -1}`));
      expect(typeof stored?.version).toBe('string');
    },
  },
  {
    name: 'data-key-rewrap-cas',
    title:
      're-wraps the data key only over the version read: a stale writer is refused, nothing lost',
    skipWhen,
    async run(target) {
      const store = keysOf(await target.open());
      const first = await store.put(wrappedKey('first'), { ifAbsent: true });
      if (!first.stored) throw new Error('the first write of an absent data key was refused');
      const read = await store.get();
      expect(read?.version).toBe(first.version);
      const rotated = wrappedKey('rotated', { rotatedAt: '2024-02-01T00:00:00.000Z' });
      const other = keysOf(await target.open());
      const won = await other.put(rotated, { ifMatch: first.version });
      expect(won.stored).toBe(true);
      // A writer still holding the first version loses, and the winner's key stays.
      expect(await store.put(wrappedKey('stale'), { ifMatch: first.version })).toEqual({
        stored: false,
      });
      expect(await store.put(wrappedKey('again'), { ifAbsent: true })).toEqual({ stored: false });
      expect((await keysOf(await target.open()).get())?.key).toEqual(rotated);
    },
  },
  {
    name: 'data-key-rewrap-race',
    title:
      '10 racing re-wraps over the same version: exactly one stores it, under a new version every opener reads',
    skipWhen,
    async run(target) {
      const first = await keysOf(await target.open()).put(wrappedKey('first'), {
        ifAbsent: true,
      });
      if (!first.stored) throw new Error('the first write of an absent data key was refused');
      const backends = await Promise.all(Array.from({ length: 10 }, () => target.open()));
      // Every rotator read the same version before any of them wrote: all race on one condition.
      const reads = await Promise.all(backends.map((backend) => keysOf(backend).get()));
      expect(reads.map((read) => read?.version)).toEqual(reads.map(() => first.version));
      const rotation = (index: number): WrappedKey =>
        wrappedKey(`rotated-${index}`, { rotatedAt: `2024-02-01T00:00:0${index}.000Z` });
      const outcomes = await Promise.all(
        backends.map((backend, index) =>
          keysOf(backend).put(rotation(index), { ifMatch: first.version }),
        ),
      );
      const winners = outcomes.flatMap((outcome, index) =>
        outcome.stored ? [{ index, version: outcome.version }] : [],
      );
      expect(winners).toHaveLength(1);
      const [winner] = winners;
      if (!winner) return;
      expect(winner.version).not.toBe(first.version);
      const stored = await keysOf(await target.open()).get();
      expect(stored).toEqual({ key: rotation(winner.index), version: winner.version });
    },
  },
];
