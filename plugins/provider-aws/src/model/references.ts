/**
 * `$kusion_path` references between resources of the same stack become CloudFormation's own:
 * `$kusion_path.<id>.Ref` → `{ "Ref": "<LogicalId>" }`, `$kusion_path.<id>.<Name>` →
 * `{ "Fn::GetAtt": ["<LogicalId>", "<Name>"] }`, so CloudFormation orders and wires them with no
 * round trip through the engine. `fromIntrinsics` is the exact inverse, used to read a deployed
 * template back into the attributes the user wrote.
 */
import { KUSION_PATH_PREFIX, isKusionPath } from '@kusion/sdk';
import { isRecord } from './aws-resource.js';

export interface SplitReference {
  readonly targetId: string;
  /** The attribute path as written after the id (`Ref`, `Arn`, `Endpoint.Address`). */
  readonly path: string;
}

/** Splits a reference against known ids: ids may contain dots, so the longest matching id wins. */
export function splitReference(text: string, ids: ReadonlySet<string>): SplitReference | undefined {
  const body = text.slice(KUSION_PATH_PREFIX.length);
  for (let dot = body.lastIndexOf('.'); dot > 0; dot = body.lastIndexOf('.', dot - 1)) {
    const targetId = body.slice(0, dot);
    const path = body.slice(dot + 1);
    if (ids.has(targetId) && path !== '') return { targetId, path };
  }
  return undefined;
}

/** Replaces references to resources of the stack by `Ref` / `Fn::GetAtt`; others stay as written. */
export function toIntrinsics(
  value: unknown,
  logicalIds: ReadonlyMap<string, string>,
  ids: ReadonlySet<string> = new Set(logicalIds.keys()),
): unknown {
  if (isKusionPath(value)) {
    const reference = splitReference(value, ids);
    const logicalId = reference && logicalIds.get(reference.targetId);
    if (!reference || logicalId === undefined) return value;
    return reference.path === 'Ref'
      ? { Ref: logicalId }
      : { 'Fn::GetAtt': [logicalId, reference.path] };
  }
  if (Array.isArray(value)) return value.map((item) => toIntrinsics(item, logicalIds, ids));
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, toIntrinsics(item, logicalIds, ids)]),
    );
  }
  return value;
}

/** The inverse: `Ref` / `Fn::GetAtt` naming a resource of the stack become `$kusion_path` strings. */
export function fromIntrinsics(
  value: unknown,
  idsByLogicalId: ReadonlyMap<string, string>,
): unknown {
  if (Array.isArray(value)) return value.map((item) => fromIntrinsics(item, idsByLogicalId));
  if (!isRecord(value)) return value;
  const target = intrinsicTarget(value);
  if (target) {
    const id = idsByLogicalId.get(target.logicalId);
    if (id !== undefined) return `${KUSION_PATH_PREFIX}${id}.${target.path}`;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, fromIntrinsics(item, idsByLogicalId)]),
  );
}

/** The logical id and attribute a `Ref` or `Fn::GetAtt` object names, if it is one. */
export function intrinsicTarget(
  value: Readonly<Record<string, unknown>>,
): { readonly logicalId: string; readonly path: string } | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const ref = value['Ref'];
  if (typeof ref === 'string') return { logicalId: ref, path: 'Ref' };
  const getAtt = value['Fn::GetAtt'];
  if (
    Array.isArray(getAtt) &&
    getAtt.length === 2 &&
    typeof getAtt[0] === 'string' &&
    typeof getAtt[1] === 'string'
  ) {
    return { logicalId: getAtt[0], path: getAtt[1] };
  }
  if (typeof getAtt === 'string' && getAtt.includes('.')) {
    const dot = getAtt.indexOf('.');
    return { logicalId: getAtt.slice(0, dot), path: getAtt.slice(dot + 1) };
  }
  return undefined;
}

/** Every `Ref` / `Fn::GetAtt` object in a value, with where it sits (for validation). */
export function findIntrinsics(
  value: unknown,
  path = '',
): { readonly path: string; readonly logicalId: string }[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => findIntrinsics(item, `${path}[${index}]`));
  if (!isRecord(value)) return [];
  const target = intrinsicTarget(value);
  if (target) return [{ path, logicalId: target.logicalId }];
  return Object.entries(value).flatMap(([key, item]) =>
    findIntrinsics(item, path ? `${path}.${key}` : key),
  );
}

/** The ids of the stack a value references through `$kusion_path` strings. */
export function referencedIds(value: unknown, ids: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const visit = (item: unknown): void => {
    if (isKusionPath(item)) {
      const reference = splitReference(item, ids);
      if (reference) found.add(reference.targetId);
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (isRecord(item)) {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return found;
}
