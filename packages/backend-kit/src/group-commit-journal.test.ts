import type { StateJournalEntry } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { createGroupCommitJournal } from './group-commit-journal.js';

const fence = { scope: { project: 'shop', workspace: 'dev' }, holderId: 'run-1', generation: 3 };
const put = (id: string, size = 0): StateJournalEntry => ({
  op: 'put',
  resource: { id, type: 'Test', attributes: { padding: 'x'.repeat(size) } },
});

describe('group-commit journal', () => {
  it('cuts a group before it passes maxGroupJsonLength, keeping at least one entry per group', async () => {
    const groups = new Map<number, readonly string[]>();
    const journal = createGroupCommitJournal({
      fence,
      firstSequence: 1,
      maxInFlight: 1,
      maxGroupJsonLength: 400,
      writeGroup: (entries, sequence) => {
        groups.set(sequence, entries);
        return Promise.resolve();
      },
    });
    // In one tick: two small entries that fit together, one larger than the limit on its own.
    await Promise.all([
      journal.append(put('a', 100)),
      journal.append(put('b', 100)),
      journal.append(put('c', 500)),
      journal.append(put('d', 10)),
    ]);
    await journal.close();
    const ids = [...groups.values()].map((entries) =>
      entries.map((json) => (JSON.parse(json) as { resource: { id: string } }).resource.id),
    );
    expect(ids).toEqual([['a', 'b'], ['c'], ['d']]);
    expect([...groups.keys()]).toEqual([1, 2, 3]);
    expect(JSON.parse(groups.get(1)?.[0] ?? '')).toMatchObject({ generation: 3 });
  });

  it('turns a failure that is not an Error into BACKEND_FAILED, for this append and every later one', async () => {
    const journal = createGroupCommitJournal({
      fence,
      firstSequence: 1,
      // A store client that rejects with a bare value.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      writeGroup: () => Promise.reject('socket hang up'),
    });
    await expect(journal.append(put('a'))).rejects.toMatchObject({
      code: 'BACKEND_FAILED',
      message: 'socket hang up',
    });
    await expect(journal.append(put('b'))).rejects.toMatchObject({ code: 'BACKEND_FAILED' });
    await journal.close();
  });
});
