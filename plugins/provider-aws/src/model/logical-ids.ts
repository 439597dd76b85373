/**
 * Kusion ids → CloudFormation logical ids. The last `:` segment of the id names the resource
 * (`aws:AWS::SQS::Queue:orders-dlq` → `OrdersDlq`): words are split on anything that is not a
 * letter or digit and joined in PascalCase, because logical ids are alphanumeric only.
 */
import { createHash } from 'node:crypto';

const MAX_LOGICAL_ID = 255;

export function logicalIdOf(id: string): string {
  const name = id.slice(id.lastIndexOf(':') + 1);
  const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  let logicalId = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  if (logicalId === '') logicalId = 'Resource';
  if (/^\d/.test(logicalId)) logicalId = `R${logicalId}`;
  if (logicalId.length > MAX_LOGICAL_ID) {
    const suffix = createHash('sha256').update(id).digest('hex').slice(0, 12);
    logicalId = logicalId.slice(0, MAX_LOGICAL_ID - suffix.length) + suffix;
  }
  return logicalId;
}

export interface LogicalIdCollision {
  readonly logicalId: string;
  readonly ids: readonly string[];
}

/** Logical id of each id, and the groups of ids that would share one. */
export function assignLogicalIds(ids: Iterable<string>): {
  readonly logicalIds: ReadonlyMap<string, string>;
  readonly collisions: readonly LogicalIdCollision[];
} {
  const logicalIds = new Map<string, string>();
  const owners = new Map<string, string[]>();
  for (const id of ids) {
    const logicalId = logicalIdOf(id);
    logicalIds.set(id, logicalId);
    const list = owners.get(logicalId);
    if (list) list.push(id);
    else owners.set(logicalId, [id]);
  }
  const collisions = [...owners]
    .filter(([, list]) => list.length > 1)
    .map(([logicalId, list]) => ({ logicalId, ids: list }));
  return { logicalIds, collisions };
}
