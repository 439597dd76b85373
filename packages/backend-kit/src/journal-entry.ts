/** What a stored journal entry must look like before it is replayed. */
import type { StoredJournalEntry } from './fencing.js';

/**
 * A `put` of a resource with an id, or a `delete` of an id, with the lock generation that wrote it
 * if any; anything else is damage.
 */
export function isJournalEntry(value: unknown): value is StoredJournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as { op?: unknown; id?: unknown; resource?: unknown; generation?: unknown };
  if (entry.generation !== undefined && !Number.isSafeInteger(entry.generation)) return false;
  if (entry.op === 'delete') return typeof entry.id === 'string';
  const resource = entry.resource as { id?: unknown } | null | undefined;
  return entry.op === 'put' && typeof resource === 'object' && typeof resource?.id === 'string';
}
