/**
 * The state journal's format: one JSON `StateJournalEntry` per line (NDJSON), replayed in order.
 * Only the last line may be torn (a write cut short by a crash); damage anywhere else is
 * corruption, because entries after it were written on top of a lost one.
 */
import { KusionError } from '@kusion/sdk';
import type { ResourceState, StateJournalEntry } from '@kusion/sdk';

export function serializeJournalEntry(entry: StateJournalEntry): string {
  // JSON.stringify escapes newlines inside strings, so one entry is always one line.
  return `${JSON.stringify(entry)}\n`;
}

function toEntry(line: string): StateJournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as { op?: unknown; id?: unknown; resource?: unknown };
  if (entry.op === 'delete' && typeof entry.id === 'string') return value as StateJournalEntry;
  const resource = entry.resource as { id?: unknown } | null | undefined;
  if (entry.op === 'put' && typeof resource === 'object' && typeof resource?.id === 'string') {
    return value as StateJournalEntry;
  }
  return undefined;
}

export interface ParsedJournal {
  readonly entries: readonly StateJournalEntry[];
  /**
   * Length (in characters of the text) of the intact prefix: everything before a torn last line,
   * or the whole text.
   */
  readonly intactLength: number;
}

/** Parses a journal's text; fails with `STATE_CORRUPT` naming file and line for a damaged entry. */
export function parseJournal(text: string, file: string): ParsedJournal {
  const entries: StateJournalEntry[] = [];
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
          `state journal ${file}:${lineNumber} is corrupt: not a valid entry, yet entries follow it`,
          {
            hint: `Restore ${file} from a backup, or remove it to fall back on the state recorded before the interrupted run (then run \`kusion drift\` to see what changed).`,
          },
        );
      }
      entries.push(entry);
    }
    lineStart = next;
  }
  return { entries, intactLength: text.length };
}

/**
 * Applies entries to a resource list: `put` replaces a resource in place or adds it at the end,
 * `delete` removes it. Replaying entries onto a state that already holds them gives the same
 * resources (a deleted then re-put resource may move to the end).
 */
export function replayJournal(
  resources: readonly ResourceState[],
  entries: readonly StateJournalEntry[],
): ResourceState[] {
  // A Map keeps insertion order and keeps a key's position when its value is replaced.
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  for (const entry of entries) {
    switch (entry.op) {
      case 'put':
        byId.set(entry.resource.id, entry.resource);
        break;
      case 'delete':
        byId.delete(entry.id);
        break;
    }
  }
  return [...byId.values()];
}
