import type { StateJournalEntry } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { createJournalWriter } from './journal-writer.js';
import type { ObjectStore, PutOutcome } from './object-store.js';

const put = (id: string): StateJournalEntry => ({
  op: 'put',
  resource: { id, type: 'Test', attributes: {} },
});
const fence = { scope: { project: 'shop', workspace: 'dev' }, holderId: 'run-1', generation: 3 };
/** The fence of a lock still held. */
const holds = () => Promise.resolve();
/** An entry as stored: with the writer's generation. */
const stored = (entry: StateJournalEntry) => ({ ...entry, generation: 3 });

/** An object store whose writes wait until the test lets them finish. */
function fakeStore(answer: (key: string) => PutOutcome | Error = () => ({ etag: '"e"' })) {
  const written = new Map<string, string>();
  const pending: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const store = {
    describe: (key: string) => `store://state/${key}`,
    put: (key: string, body: string) =>
      new Promise<PutOutcome>((resolve, reject) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        pending.push(() => {
          inFlight--;
          const outcome = answer(key);
          if (outcome instanceof Error) {
            reject(outcome);
            return;
          }
          if (!('conflict' in outcome)) written.set(key, body);
          resolve(outcome);
        });
      }),
  } as unknown as ObjectStore;
  const settle = async () => {
    for (let round = 0; round < 20; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      for (const finish of pending.splice(0)) finish();
    }
  };
  return { store, written, settle, maxInFlight: () => maxInFlight };
}

/** A writer of groups `j/<n>` on the fake store, numbered from `firstSequence`. */
function writerOn(
  fake: ReturnType<typeof fakeStore>,
  firstSequence = 1,
  checkFence: () => Promise<void> = holds,
) {
  return createJournalWriter({
    store: fake.store,
    keyOf: (n) => `j/${n}`,
    firstSequence,
    fence,
    checkFence,
  });
}

describe('journal writer', () => {
  it('writes entries appended in one tick as one group, numbering groups from the first free one', async () => {
    const fake = fakeStore();
    const journal = writerOn(fake, 7);
    const appends = [journal.append(put('a')), journal.append(put('b'))];
    await fake.settle();
    await Promise.all(appends);
    const third = journal.append(put('c'));
    await fake.settle();
    await third;
    expect(Object.fromEntries(fake.written)).toEqual({
      'j/7': `${JSON.stringify([stored(put('a')), stored(put('b'))])}\n`,
      'j/8': `${JSON.stringify([stored(put('c'))])}\n`,
    });
  });

  it('keeps at most four groups in flight, grouping what arrives meanwhile', async () => {
    const fake = fakeStore();
    const journal = writerOn(fake);
    const appends: Promise<void>[] = [];
    for (let tick = 0; tick < 10; tick++) {
      appends.push(journal.append(put(`r${tick}`)));
      await Promise.resolve(); // a new tick: a new group while fewer than four are in flight
    }
    expect(fake.maxInFlight()).toBe(4);
    const closing = journal.close();
    await fake.settle();
    await Promise.all([...appends, closing]);
    expect(fake.written.size).toBe(5); // four single entries, then the six that waited
  });

  it('resolves an append only once its group is written, and close only once all are', async () => {
    const fake = fakeStore();
    const journal = writerOn(fake);
    let isAcknowledged = false;
    let isClosed = false;
    const appended = journal.append(put('a')).then(() => (isAcknowledged = true));
    const closed = journal.close().then(() => (isClosed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect({ isAcknowledged, isClosed }).toEqual({ isAcknowledged: false, isClosed: false });
    await fake.settle();
    await Promise.all([appended, closed]);
    expect({ isAcknowledged, isClosed }).toEqual({ isAcknowledged: true, isClosed: true });
    await expect(journal.append(put('b'))).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('fails the group that could not be written and every append after it', async () => {
    const fake = fakeStore((key) => (key === 'j/1' ? new Error('network down') : { etag: '"e"' }));
    const journal = writerOn(fake);
    const first = journal.append(put('a')).catch((error: unknown) => error);
    await fake.settle();
    expect(await first).toMatchObject({ message: 'network down' });
    await expect(journal.append(put('b'))).rejects.toThrow('network down');
    await journal.close();
    expect(fake.written.size).toBe(0);
  });

  it('reports a group number taken by another writer as STATE_CONFLICT', async () => {
    const fake = fakeStore(() => ({ conflict: 'exists' }));
    const journal = writerOn(fake);
    const append = journal.append(put('a')).catch((error: unknown) => error);
    await fake.settle();
    expect(await append).toMatchObject({
      code: 'STATE_CONFLICT',
      message: 'another process is writing the state journal: store://state/j/1 already exists',
    });
  });

  it('checks the fence before every group, and stops for good once it fails', async () => {
    const fake = fakeStore();
    let isHeld = true;
    const journal = writerOn(fake, 1, () =>
      isHeld
        ? Promise.resolve()
        : Promise.reject(Object.assign(new Error('the lock was taken over'), { code: 'LOCKED' })),
    );
    const first = journal.append(put('a'));
    await fake.settle();
    await first;
    isHeld = false;
    // Caught before the fence check rejects it, so the rejection is never unhandled.
    const refused = journal.append(put('b')).catch((error: unknown) => error);
    await fake.settle();
    expect(await refused).toMatchObject({ code: 'LOCKED' });
    isHeld = true;
    await expect(journal.append(put('c'))).rejects.toMatchObject({ code: 'LOCKED' });
    expect([...fake.written.keys()]).toEqual(['j/1']);
  });
});
