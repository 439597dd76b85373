/**
 * A journal as one append-only text file: one JSON `StateJournalEntry` per line (NDJSON), replayed
 * in order. Only the last line may be torn (a write cut short by a crash); damage anywhere else is
 * corruption, because entries after it were written on top of a lost one.
 */
import { KusionError } from '@kusion/sdk';
import type { StateJournalEntry } from '@kusion/sdk';
import type { StoredJournalEntry } from './fencing.js';
import { isJournalEntry } from './journal-entry.js';
import type { StoredRecordPlace } from './stored-record.js';

export function serializeJournalLine(entry: StateJournalEntry | StoredJournalEntry): string {
  // JSON.stringify escapes newlines inside strings, so one entry is always one line.
  return `${JSON.stringify(entry)}\n`;
}

function toEntry(line: string): StoredJournalEntry | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isJournalEntry(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface ParsedJournalLines {
  readonly entries: readonly StoredJournalEntry[];
  /**
   * Length (in characters of the text) of the intact prefix: everything before a torn last line,
   * or the whole text.
   */
  readonly intactLength: number;
}

/** Parses a journal's text; fails with `STATE_CORRUPT` naming place and line for a damaged entry. */
export function parseJournalLines(text: string, place: StoredRecordPlace): ParsedJournalLines {
  const entries: StoredJournalEntry[] = [];
  let lineStart = 0;
  for (let lineNumber = 1; lineStart < text.length; lineNumber++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const next = lineEnd + 1;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() !== '') {
      const entry = toEntry(line);
      if (entry === undefined) {
        if (text.slice(next).trim() === '') return { entries, intactLength: lineStart };
        throw new KusionError(
          'STATE_CORRUPT',
          `state journal ${place.where}:${lineNumber} is corrupt: not a valid entry, yet entries follow it`,
          {
            hint: `Restore ${place.where} ${place.restoreFrom}, or remove it to fall back on the state recorded before the interrupted run (then run \`kusion drift\` to see what changed).`,
          },
        );
      }
      entries.push(entry);
    }
    lineStart = next;
  }
  return { entries, intactLength: text.length };
}
