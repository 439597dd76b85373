/**
 * Terraform's JSON plan (`terraform show -json plan.out`) as our plan: one `BatchChange` per
 * resource, with Terraform's action (create, update, delete-then-create...), the attribute diff,
 * and the paths Terraform marks sensitive, masked with the sdk's helpers.
 */
import { diffObjects, formatAttributePath, maskDiff, setAtPath } from '@kusion/sdk';
import type { BatchChange, ChangeAction, DiffEntry } from '@kusion/sdk';
import { isRecord } from '../model/terraform-resource.js';
import { SEALED_STATE_ATTRIBUTE } from '../state/sealed-state.js';

/** How a value Terraform cannot know before apply is shown. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

/** The parts of `terraform show -json` this mapping reads. */
export interface JsonPlan {
  readonly resource_changes?: readonly ResourceChange[];
}

export interface ResourceChange {
  readonly address: string;
  readonly mode: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
    readonly importing?: { readonly id?: string };
  };
  readonly action_reason?: string;
}

export interface PlanMappingRequest {
  readonly plan: JsonPlan;
  /** Desired resources: Kusion id by Terraform address. */
  readonly desired: ReadonlyMap<string, string>;
  /** Recorded resources: Kusion id by Terraform address. */
  readonly recorded: ReadonlyMap<string, string>;
  /** Declared sensitive paths per id (`extensions.sensitivePaths`). */
  readonly declaredSensitive?: ReadonlyMap<string, readonly string[]>;
}

export function mapPlan(request: PlanMappingRequest): Map<string, BatchChange> {
  const changes = new Map<string, BatchChange>();
  for (const resourceChange of request.plan.resource_changes ?? []) {
    if (resourceChange.mode !== 'managed') continue;
    const id =
      request.desired.get(resourceChange.address) ?? request.recorded.get(resourceChange.address);
    if (id === undefined) continue;
    changes.set(id, mapChange(resourceChange, request.declaredSensitive?.get(id) ?? []));
  }
  for (const [address, id] of request.desired) {
    if (!changes.has(id))
      changes.set(id, { action: 'UnChanged', reason: `${address}: Terraform plans no change` });
  }
  for (const id of request.recorded.values()) {
    if (!changes.has(id)) changes.set(id, { action: 'Delete', reason: 'removed from spec' });
  }
  return changes;
}

function mapChange(resourceChange: ResourceChange, declared: readonly string[]): BatchChange {
  const { change } = resourceChange;
  const sensitivePaths = [
    ...new Set([
      ...declared,
      ...markedPaths(change.before_sensitive),
      ...markedPaths(change.after_sensitive),
    ]),
  ];
  const { action, reason } = actionOf(resourceChange);
  const before = withoutSealed(change.before);
  const after = withUnknowns(change.after, change.after_unknown);
  let diff: DiffEntry[] = [];
  if (action === 'Create') diff = diffObjects({}, dropNulls(after));
  else if (action === 'Update' || action === 'Replace') diff = diffObjects(before ?? {}, after);
  return {
    action,
    reason,
    diff: maskDiff(diff, sensitivePaths),
    ...(sensitivePaths.length ? { sensitivePaths } : {}),
  };
}

function actionOf(resourceChange: ResourceChange): {
  readonly action: ChangeAction;
  readonly reason: string;
} {
  const { actions, importing, replace_paths: replacePaths } = resourceChange.change;
  const key = actions.join(',');
  const imported = importing?.id;
  if (imported !== undefined) {
    return key === 'update'
      ? { action: 'Update', reason: `import existing object "${imported}", then update it` }
      : { action: 'Create', reason: `import existing object "${imported}" (nothing is created)` };
  }
  switch (key) {
    case 'create':
      return { action: 'Create', reason: 'not in state' };
    case 'update':
      return { action: 'Update', reason: 'attributes changed' };
    case 'delete,create':
    case 'create,delete': {
      const paths = (replacePaths ?? []).map((path) => formatAttributePath(path)).join(', ');
      const order = key === 'create,delete' ? 'create before destroy' : 'destroy before create';
      return {
        action: 'Replace',
        reason: paths
          ? `${paths} cannot change in place (${order})`
          : `Terraform replaces it (${resourceChange.action_reason ?? order})`,
      };
    }
    case 'delete':
      return { action: 'Delete', reason: 'removed from spec' };
    default:
      return { action: 'UnChanged', reason: 'no change' };
  }
}

/**
 * Paths marked `true` in Terraform's sensitivity structures (`after_sensitive`: an object shaped
 * like the value, `true` where it is sensitive; `true` alone for the whole value).
 */
export function markedPaths(marks: unknown, path: (string | number)[] = []): string[] {
  if (marks === true) return [path.length ? formatAttributePath(path) : '*'];
  if (Array.isArray(marks))
    return marks.flatMap((item, index) => markedPaths(item, [...path, index]));
  if (isRecord(marks))
    return Object.entries(marks).flatMap(([key, item]) => markedPaths(item, [...path, key]));
  return [];
}

/** `after` with every value Terraform knows only after apply set to `(known after apply)`. */
function withUnknowns(after: unknown, unknown: unknown): unknown {
  const root: Record<string, unknown> = isRecord(after) ? structuredClone(after) : {};
  for (const path of markedPaths(unknown)) {
    if (path === '*') return KNOWN_AFTER_APPLY;
    setAtPath(root, path, KNOWN_AFTER_APPLY);
  }
  return root;
}

function withoutSealed(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { [SEALED_STATE_ATTRIBUTE]: _sealed, ...rest } = value;
  return rest;
}

/** A new resource shows what it sets: arguments left unset (null) are not listed. */
function dropNulls(value: unknown): unknown {
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
}
