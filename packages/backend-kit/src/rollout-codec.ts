/**
 * Rollout records as JSON: ids that sort by time and are safe as file names and object keys, and
 * a parser that reports a damaged record instead of half-using it. Every backend stores rollouts
 * as `rollouts/<project>/<id>.json` (under its own root).
 */
import { randomBytes } from 'node:crypto';
import { KusionError } from '@kusion/sdk';
import type { Rollout } from '@kusion/sdk';
import { assertPathSegment } from './path-segment.js';
import type { StoredRecordPlace } from './stored-record.js';

/** `20250102T030405Z-a1b2c3`: UTC time to the second, then 6 random hex digits. */
const ROLLOUT_ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;
const SUFFIX = '.json';

/** A new rollout id; ids of later rollouts sort after earlier ones (to the second). */
export function newRolloutId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Returns `id` when it is a rollout id; otherwise fails with `INVALID_ARGUMENT` saying what one looks like. */
export function assertRolloutId(id: unknown): string {
  if (typeof id === 'string' && ROLLOUT_ID.test(id)) return id;
  throw new KusionError('INVALID_ARGUMENT', `invalid rollout id ${JSON.stringify(id)}`, {
    hint: 'a rollout id looks like 20250102T030405Z-a1b2c3; `kusion rollout list` shows them',
  });
}

/** The path segments of a project's rollouts folder and one rollout's file name. */
export function rolloutSegments(project: string, id: string): readonly [string, string] {
  return [assertPathSegment(project, 'project name'), `${assertRolloutId(id)}${SUFFIX}`];
}

/** The ids among the names of a project's rollouts folder, oldest first. */
export function rolloutIds(names: readonly string[]): string[] {
  return names
    .filter((name) => name.endsWith(SUFFIX))
    .map((name) => name.slice(0, -SUFFIX.length))
    .filter((id) => ROLLOUT_ID.test(id))
    .sort();
}

export function serializeRollout(rollout: Rollout): string {
  return `${JSON.stringify(rollout, null, 2)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a stored rollout, checking it is the one its place says; `STATE_CORRUPT` otherwise. */
export function parseRollout(
  text: string,
  place: StoredRecordPlace,
  expected: { readonly project: string; readonly id: string },
): Rollout {
  const corrupt = (problem: string, cause?: unknown): KusionError =>
    new KusionError('STATE_CORRUPT', `rollout record ${place.where} is corrupt: ${problem}`, {
      cause,
      hint: `Restore ${place.where} ${place.restoreFrom}; its releases are intact and listed by \`kusion release list\`.`,
    });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corrupt(`not valid JSON (${(error as Error).message})`, error);
  }
  if (!isRecord(value)) throw corrupt('not a JSON object');
  if (value.id !== expected.id || value.project !== expected.project) {
    throw corrupt(
      `it is rollout ${JSON.stringify(value.id)} of project ${JSON.stringify(value.project)}, expected ${expected.id} of ${expected.project}`,
    );
  }
  for (const key of ['status', 'createdAt', 'modifiedAt'] as const) {
    if (typeof value[key] !== 'string') throw corrupt(`"${key}" is not a string`);
  }
  if (!Array.isArray(value.waves) || !value.waves.every(isRecord))
    throw corrupt('"waves" is not a list of waves');
  if (!Array.isArray(value.stacks)) throw corrupt('"stacks" is not a list');
  return value as unknown as Rollout;
}
