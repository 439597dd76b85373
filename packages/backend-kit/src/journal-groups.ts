/**
 * A journal as a series of write-once records (objects in a store without append): each holds a
 * group of entries appended together, as a JSON array, and groups are replayed in the order of their
 * names. A store that writes a record whole or not at all never tears one, so any damage is
 * corruption (someone edited it).
 */
import { KusionError } from '@kusion/sdk';
import type { StateJournalEntry } from '@kusion/sdk';
import type { StoredJournalEntry } from './fencing.js';
import { isJournalEntry } from './journal-entry.js';
import type { StoredRecordPlace } from './stored-record.js';

/**
 * One entry as it stands inside a group. Writers serialise an entry when it is appended, since the
 * caller may change the object afterwards, and join the group later.
 */
export function serializeGroupedEntry(entry: StateJournalEntry | StoredJournalEntry): string {
  return JSON.stringify(entry);
}

/** A group's text from entries serialised with `serializeGroupedEntry`. */
export function joinJournalGroup(serializedEntries: readonly string[]): string {
  return `[${serializedEntries.join(',')}]\n`;
}

/** Parses one group; fails with `STATE_CORRUPT` naming its place for anything else. */
export function parseJournalGroup(text: string, place: StoredRecordPlace): StoredJournalEntry[] {
  const corrupt = (problem: string): KusionError =>
    new KusionError('STATE_CORRUPT', `state journal object ${place.where} is corrupt: ${problem}`, {
      hint: `Restore ${place.where} ${place.restoreFrom}, or delete it to fall back on the state recorded without it (then run \`kusion drift\` to see what changed).`,
    });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt('not valid JSON');
  }
  if (!Array.isArray(value)) throw corrupt('not a JSON array of entries');
  const index = value.findIndex((entry) => !isJournalEntry(entry));
  if (index !== -1) throw corrupt(`entry ${index + 1} is not a valid entry`);
  return value as StoredJournalEntry[];
}
