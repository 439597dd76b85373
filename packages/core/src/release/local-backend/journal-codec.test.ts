import type { ResourceState, StateJournalEntry } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { parseJournal, replayJournal, serializeJournalEntry } from './journal-codec.js';

const resource = (id: string, version = 1): ResourceState => ({
  id,
  type: 'Test',
  attributes: { version, note: 'line\nbreak' },
});
const put = (id: string, version = 1): StateJournalEntry => ({
  op: 'put',
  resource: resource(id, version),
});
const text = (...entries: StateJournalEntry[]): string =>
  entries.map(serializeJournalEntry).join('');

describe('parseJournal', () => {
  it('reads one entry per line, even when values hold newlines', () => {
    const journal = text(put('a'), { op: 'delete', id: 'b' });
    expect(parseJournal(journal, 'j')).toEqual({
      entries: [put('a'), { op: 'delete', id: 'b' }],
      intactLength: journal.length,
    });
  });

  it('ignores a torn last line and says where the intact prefix ends', () => {
    const intact = text(put('a'), put('b'));
    const torn = `${intact}${serializeJournalEntry(put('c')).slice(0, 17)}`;
    expect(parseJournal(torn, 'j')).toEqual({
      entries: [put('a'), put('b')],
      intactLength: intact.length,
    });
    // A last line that is newline-terminated but garbage (zero-filled after a power loss) too.
    expect(parseJournal(`${intact}\u0000\u0000\n`, 'j').entries).toHaveLength(2);
  });

  it('accepts a complete last line that lost only its newline', () => {
    const journal = text(put('a')).trimEnd();
    expect(parseJournal(journal, 'j').entries).toEqual([put('a')]);
  });

  it('fails with STATE_CORRUPT naming file and line for damage before the last line', () => {
    const journal = `${text(put('a'))}{"op":"put"\n${text(put('b'))}`;
    expect(() => parseJournal(journal, '/x/1.journal.ndjson')).toThrow(
      expect.objectContaining({
        code: 'STATE_CORRUPT',
        message: expect.stringContaining('/x/1.journal.ndjson:2'),
      }),
    );
  });

  it('treats a well-formed JSON line that is not an entry as damage', () => {
    expect(() => parseJournal(`{"op":"put","resource":{}}\n${text(put('a'))}`, 'j')).toThrow(/j:1/);
  });
});

describe('replayJournal', () => {
  it('replaces in place, appends new ids, removes deleted ones', () => {
    const base = [resource('a'), resource('b'), resource('c')];
    const result = replayJournal(base, [
      put('b', 2),
      put('d'),
      { op: 'delete', id: 'a' },
      { op: 'delete', id: 'missing' },
    ]);
    expect(result.map((r) => [r.id, r.attributes.version])).toEqual([
      ['b', 2],
      ['c', 1],
      ['d', 1],
    ]);
  });

  it('gives the same resources when replayed onto a state that already holds the entries', () => {
    const entries = [put('a', 2), { op: 'delete', id: 'b' } as const, put('b', 3), put('c')];
    const once = replayJournal([resource('a'), resource('b')], entries);
    const byId = (resources: readonly ResourceState[]): ResourceState[] =>
      [...resources].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(replayJournal(once, entries))).toEqual(byId(once));
  });
});
