import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { walkGraph } from './graph-walk.js';
import type { SkipReason } from './graph-walk.js';

function walk(options: {
  deps: Record<string, string[]>;
  concurrency?: number;
  fail?: string[];
  signal?: AbortSignal;
  delayMs?: number;
}) {
  const order: string[] = [];
  const skipped: [string, SkipReason][] = [];
  let active = 0;
  let maxActive = 0;
  const done = walkGraph({
    ids: Object.keys(options.deps),
    dependenciesOf: (id) => options.deps[id] ?? [],
    concurrency: options.concurrency ?? 10,
    signal: options.signal ?? new AbortController().signal,
    visit: async (id) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await sleep(options.delayMs ?? 1);
      active--;
      order.push(id);
      return !(options.fail ?? []).includes(id);
    },
    onSkipped: (id, reason) => skipped.push([id, reason]),
  });
  return done.then(() => ({ order, skipped, maxActive }));
}

describe('walkGraph', () => {
  it('visits dependencies before dependents', async () => {
    const { order } = await walk({ deps: { c: ['b'], b: ['a'], a: [], d: [] } });
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('c'));
    expect(order).toHaveLength(4);
  });

  it('never runs more than the concurrency bound', async () => {
    const deps = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`r${i}`, []]));
    const { maxActive, order } = await walk({ deps, concurrency: 7, delayMs: 5 });
    expect(maxActive).toBe(7);
    expect(order).toHaveLength(50);
  });

  it('skips the dependents of a failure, transitively, and lets independent branches finish', async () => {
    const { order, skipped } = await walk({
      deps: { a: [], b: ['a'], c: ['b'], x: [], y: ['x'] },
      fail: ['a'],
    });
    expect(order.sort()).toEqual(['a', 'x', 'y']);
    expect(skipped).toEqual([
      ['b', { kind: 'dependency-failed', dependency: 'a' }],
      ['c', { kind: 'dependency-failed', dependency: 'a' }],
    ]);
  });

  it('on abort starts nothing new, lets in-flight visits finish and reports the rest cancelled', async () => {
    const controller = new AbortController();
    const deps = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`r${i}`, []]));
    const result = walk({ deps, concurrency: 2, delayMs: 20, signal: controller.signal });
    await sleep(30);
    controller.abort();
    const { order, skipped } = await result;
    expect(order.length).toBeGreaterThanOrEqual(2);
    expect(order.length).toBeLessThan(20);
    expect(order.length + skipped.length).toBe(20);
    expect(skipped.every(([, reason]) => reason.kind === 'cancelled')).toBe(true);
  });
});
