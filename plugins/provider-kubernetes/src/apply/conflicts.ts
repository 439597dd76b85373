/**
 * Server-side apply conflicts: another field manager owns fields the manifest sets to different
 * values. The server lists them as Status causes (`conflict with "kubectl-edit" using apps/v1`,
 * field `.spec.replicas`); we say which manager owns which fields, in one sentence.
 */
import type { StatusCause } from '../client/api-error.js';

export interface FieldConflict {
  /** The other field manager. */
  readonly manager: string;
  /** The API version it wrote with, when the server says. */
  readonly apiVersion?: string | undefined;
  readonly fields: readonly string[];
}

const CAUSE = /conflict with "([^"]*)"(?: using (\S+))?/;

/** The conflicts of a 409, grouped by manager in the order the server listed them. */
export function parseConflicts(causes: readonly StatusCause[]): FieldConflict[] {
  const byManager = new Map<
    string,
    { manager: string; apiVersion?: string | undefined; fields: string[] }
  >();
  for (const cause of causes) {
    if (cause.reason !== 'FieldManagerConflict') continue;
    const match = CAUSE.exec(cause.message ?? '');
    const manager = match?.[1] ?? 'another field manager';
    const entry = byManager.get(manager) ?? { manager, apiVersion: match?.[2], fields: [] };
    if (cause.field)
      entry.fields.push(cause.field.startsWith('.') ? cause.field.slice(1) : cause.field);
    byManager.set(manager, entry);
  }
  return [...byManager.values()];
}

/** `field manager "kubectl-edit" owns spec.replicas; "helm" owns data.a, data.b` */
export function describeConflicts(conflicts: readonly FieldConflict[]): string {
  const parts = conflicts.map((conflict, index) => {
    const who = `${index === 0 ? 'field manager ' : ''}"${conflict.manager}"`;
    const fields = conflict.fields.length ? conflict.fields.join(', ') : 'some fields';
    return `${who} owns ${fields}`;
  });
  return `conflict with another field manager: ${parts.join('; ')}`;
}
