import type { ResourceState, StateJournalEntry } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { parseJournalLines, serializeJournalLine } from './journal-lines.js';

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
  entries.map(serializeJournalLine).join('');

const place = (where: string) => ({ where, restoreFrom: 'from a backup' });

describe('parseJournalLines', () => {
  it('reads one entry per line, even when values hold newlines', () => {
    const journal = text(put('a'), { op: 'delete', id: 'b' });
    expect(parseJournalLines(journal, place('j'))).toEqual({
      entries: [put('a'), { op: 'delete', id: 'b' }],
      intactLength: journal.length,
    });
  });

  it('ignores a torn last line and says where the intact prefix ends', () => {
    const intact = text(put('a'), put('b'));
    const torn = `${intact}${serializeJournalLine(put('c')).slice(0, 17)}`;
    expect(parseJournalLines(torn, place('j'))).toEqual({
      entries: [put('a'), put('b')],
      intactLength: intact.length,
    });
    // A last line that is newline-terminated but garbage (zero-filled after a power loss) too.
    expect(parseJournalLines(`${intact}\u0000\u0000\n`, place('j')).entries).toHaveLength(2);
  });

  it('accepts a complete last line that lost only its newline', () => {
    const journal = text(put('a')).trimEnd();
    expect(parseJournalLines(journal, place('j')).entries).toEqual([put('a')]);
  });

  it('fails with STATE_CORRUPT naming file and line for damage before the last line', () => {
    const journal = `${text(put('a'))}{"op":"put"\n${text(put('b'))}`;
    expect(() => parseJournalLines(journal, place('/x/1.journal.ndjson'))).toThrow(
      expect.objectContaining({
        code: 'STATE_CORRUPT',
        message: expect.stringContaining('/x/1.journal.ndjson:2'),
      }),
    );
  });

  it('treats a well-formed JSON line that is not an entry as damage', () => {
    expect(() =>
      parseJournalLines(`{"op":"put","resource":{}}\n${text(put('a'))}`, place('j')),
    ).toThrow(/j:1/);
  });
});
