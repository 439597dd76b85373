import type { StateJournalEntry } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { joinJournalGroup, parseJournalGroup, serializeGroupedEntry } from './journal-groups.js';

const place = {
  where: 's3://bucket/releases/shop/dev/main/1.journal/0000000001.json',
  restoreFrom: 'from an earlier object version',
};
const put = (id: string): StateJournalEntry => ({
  op: 'put',
  resource: { id, type: 'Test', attributes: { note: 'line\nbreak' } },
});

describe('journal groups', () => {
  it('stores a group as a JSON array on one line, and reads it back', () => {
    const entries = [put('a'), { op: 'delete', id: 'b' } as const];
    const text = joinJournalGroup(entries.map(serializeGroupedEntry));
    // The stored format: exactly what JSON.stringify gives for the array, plus a newline.
    expect(text).toBe(`${JSON.stringify(entries)}\n`);
    expect(parseJournalGroup(text, place)).toEqual(entries);
  });

  it.each([
    ['[{"op":"put"', 'not valid JSON'],
    ['{"op":"delete","id":"a"}', 'not a JSON array of entries'],
    ['[{"op":"delete","id":"a"},{"op":"put","resource":{}}]', 'entry 2 is not a valid entry'],
  ])('fails with STATE_CORRUPT naming the group for %j', (text, problem) => {
    expect(() => parseJournalGroup(text, place)).toThrow(
      expect.objectContaining({
        code: 'STATE_CORRUPT',
        message: `state journal object ${place.where} is corrupt: ${problem}`,
        hint: expect.stringContaining(`Restore ${place.where} from an earlier object version`),
      }),
    );
  });
});
