/** What a stored journal entry must look like before it is replayed. */
import type { StateJournalEntry } from '@kusion/sdk';

/** A `put` of a resource with an id, or a `delete` of an id; anything else is damage. */
export function isJournalEntry(value: unknown): value is StateJournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as { op?: unknown; id?: unknown; resource?: unknown };
  if (entry.op === 'delete') return typeof entry.id === 'string';
  const resource = entry.resource as { id?: unknown } | null | undefined;
  return entry.op === 'put' && typeof resource === 'object' && typeof resource?.id === 'string';
}
