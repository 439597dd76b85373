/**
 * `$kusion_path` references between resources of the batch become ARM template expressions, so
 * ARM orders and wires them itself: `.id` → `resourceId(...)`, `.name`, `.type`, `.apiVersion`,
 * `.resourceGroup` → the literal value, any other path → `reference(resourceId(...),
 * '<apiVersion>', 'Full').<path>` (the full ARM representation, so `.properties.x`, `.location`
 * and `.sku.name` all work). References to resources outside the batch stay as written.
 */
import { KUSION_PATH_PREFIX, isKusionPath, parseAttributePath } from '@kusion/sdk';
import type { AzureTarget } from './azure-resource.js';
import { isRecord } from './azure-resource.js';
import type { IDENTITY_KEYS } from './azure-resource.js';

export interface SplitReference {
  readonly targetId: string;
  /** The attribute path as written after the id (`id`, `properties.primaryEndpoints.blob`). */
  readonly path: string;
}

/** Splits a reference against known ids: ids contain dots, so the longest matching id wins. */
export function splitReference(text: string, ids: ReadonlySet<string>): SplitReference | undefined {
  const body = text.slice(KUSION_PATH_PREFIX.length);
  for (let dot = body.lastIndexOf('.'); dot > 0; dot = body.lastIndexOf('.', dot - 1)) {
    const targetId = body.slice(0, dot);
    const path = body.slice(dot + 1);
    if (ids.has(targetId) && path !== '') return { targetId, path };
  }
  return undefined;
}

/** An ARM string literal: single quotes, a quote doubled. */
export function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `resourceId(...)` of a target, seen from a deployment into `deploymentGroup`. */
export function resourceIdExpression(target: AzureTarget, deploymentGroup: string): string {
  const names = target.name.split('/').map(quote);
  const group =
    target.resourceGroup.toLowerCase() === deploymentGroup.toLowerCase()
      ? []
      : [quote(target.resourceGroup)];
  return `resourceId(${[...group, quote(target.type), ...names].join(', ')})`;
}

/** `.a.b`, `['key-with-dash']`, `[0]`: how a path reads after an ARM expression. */
export function accessorOf(path: string): string {
  return parseAttributePath(path)
    .map((segment) => {
      if (/^\d+$/.test(segment)) return `[${segment}]`;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) return `.${segment}`;
      return `[${quote(segment)}]`;
    })
    .join('');
}

/** The value of a path that is known before deploying (it names the resource), if it is one. */
export function literalValueOf(target: AzureTarget, path: string): string | undefined {
  switch (path as (typeof IDENTITY_KEYS)[number]) {
    case 'name':
      return target.name;
    case 'type':
      return target.type;
    case 'apiVersion':
      return target.apiVersion;
    case 'resourceGroup':
      return target.resourceGroup;
    default:
      return undefined;
  }
}

/** The expression (without brackets) that reads `path` of a deployed target. */
export function valueExpression(
  target: AzureTarget,
  path: string,
  deploymentGroup: string,
): string {
  const id = resourceIdExpression(target, deploymentGroup);
  if (path === 'id') return id;
  return `reference(${id}, ${quote(target.apiVersion)}, 'Full')${accessorOf(path)}`;
}

export interface TemplateValue {
  readonly value: unknown;
  /** Ids of the batch the value references. */
  readonly referencedIds: ReadonlySet<string>;
}

/** Replaces references to batch members by template expressions; others stay as written. */
export function toTemplateValue(
  value: unknown,
  targets: ReadonlyMap<string, AzureTarget>,
  deploymentGroup: string,
): TemplateValue {
  const ids = new Set(targets.keys());
  const referencedIds = new Set<string>();
  const visit = (item: unknown): unknown => {
    if (isKusionPath(item)) {
      const reference = splitReference(item, ids);
      const target = reference && targets.get(reference.targetId);
      if (!reference || !target) return item;
      referencedIds.add(reference.targetId);
      const literal = literalValueOf(target, reference.path);
      if (literal !== undefined) return literal;
      return `[${valueExpression(target, reference.path, deploymentGroup)}]`;
    }
    if (Array.isArray(item)) return item.map(visit);
    if (isRecord(item))
      return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, visit(child)]));
    return item;
  };
  return { value: visit(value), referencedIds };
}

/** The ids of the batch a value references through `$kusion_path` strings. */
export function referencedIds(value: unknown, ids: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const visit = (item: unknown): void => {
    if (isKusionPath(item)) {
      const reference = splitReference(item, ids);
      if (reference) found.add(reference.targetId);
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (isRecord(item)) Object.values(item).forEach(visit);
  };
  visit(value);
  return found;
}

/**
 * Paths referenced per resource: those other providers reference, and those resources of the
 * batch reference, so the recorded state holds every value a reference reads.
 */
export function referencedPaths(
  resources: readonly { readonly id: string; readonly attributes: unknown }[],
  fromOtherProviders: ReadonlyMap<string, readonly string[]>,
): Map<string, readonly string[]> {
  const ids = new Set(resources.map((resource) => resource.id));
  const found = new Map<string, Set<string>>();
  const add = (id: string, path: string): void => {
    found.set(id, new Set([...(found.get(id) ?? []), path]));
  };
  for (const [id, paths] of fromOtherProviders) for (const path of paths) add(id, path);
  const visit = (item: unknown): void => {
    if (isKusionPath(item)) {
      const reference = splitReference(item, ids);
      if (reference) add(reference.targetId, reference.path);
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (isRecord(item)) Object.values(item).forEach(visit);
  };
  for (const resource of resources) visit(resource.attributes);
  return new Map([...found].map(([id, paths]) => [id, [...paths].sort()]));
}
