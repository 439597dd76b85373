/**
 * The state journal's format: each S3 object holds a group of entries appended together, as a
 * JSON array; objects are replayed in key order. S3 writes an object whole or not at all, so a
 * damaged object is corruption (someone edited it), never a torn write.
 */
import { KusionError } from '@kusion/sdk';
import type { ResourceState, StateJournalEntry } from '@kusion/sdk';

export function serializeJournalGroup(entries: readonly StateJournalEntry[]): string {
  return `${JSON.stringify(entries)}\n`;
}

function isEntry(value: unknown): value is StateJournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as { op?: unknown; id?: unknown; resource?: unknown };
  if (entry.op === 'delete') return typeof entry.id === 'string';
  const resource = entry.resource as { id?: unknown } | null | undefined;
  return entry.op === 'put' && typeof resource === 'object' && typeof resource?.id === 'string';
}

/** Parses one journal object; fails with `STATE_CORRUPT` naming it for anything else. */
export function parseJournalGroup(text: string, where: string): StateJournalEntry[] {
  const corrupt = (problem: string): KusionError =>
    new KusionError('STATE_CORRUPT', `state journal object ${where} is corrupt: ${problem}`, {
      hint: `Restore ${where} from an earlier object version, or delete it to fall back on the state recorded without it (then run \`kusion drift\` to see what changed).`,
    });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt('not valid JSON');
  }
  if (!Array.isArray(value)) throw corrupt('not a JSON array of entries');
  const index = value.findIndex((entry) => !isEntry(entry));
  if (index !== -1) throw corrupt(`entry ${index + 1} is not a valid entry`);
  return value as StateJournalEntry[];
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
