/**
 * `$kusion_path.<id>.<attribute.path>` references: found in attributes, split against the Spec's
 * ids (which may contain dots), and resolved into values at plan and apply time. A reference may
 * also name a resource of another stack of the project, `$kusion_path.<stack>/<id>.<path>`: that
 * one is resolved before planning, from the other stack's latest release (`stack-references.ts`).
 */
import {
  formatAttributePath,
  isKusionPath,
  KUSION_PATH_PREFIX,
  parseAttributePath,
  setAtPath,
} from '@kusion/sdk';
import type { Attributes, PathSegment } from '@kusion/sdk';

/** A reference string found at `attributePath` in a resource's attributes. */
export interface FoundReference {
  /** Where the reference string sits in the referring resource. */
  readonly attributePath: readonly (string | number)[];
  /** The full reference string. */
  readonly text: string;
}

/** A reference split into the resource it names and the path inside that resource. */
export interface ResourceReference extends FoundReference {
  readonly targetId: string;
  readonly targetPath: readonly PathSegment[];
  /**
   * Set for a reference to another stack whose value is not known yet (a rollout's plan, when
   * that stack changes first): no edge, and "known after apply" while planning.
   */
  readonly targetStack?: string;
}

/** A reference to another stack of the project: the stack, and `<id>.<path>` inside it. */
export interface StackReference {
  readonly stack: string;
  /** `<id>.<attribute.path>`, to split against that stack's ids. */
  readonly body: string;
}

/**
 * Reads `$kusion_path.<stack>/<id>.<path>` when `<stack>` names one of `stacks`. Call it only for a
 * reference that names no resource of the Spec itself (Kubernetes ids hold `/` too: `apps/v1:…`).
 */
export function splitStackReference(
  text: string,
  stacks: ReadonlySet<string>,
): StackReference | undefined {
  if (!isKusionPath(text)) return undefined;
  const body = text.slice(KUSION_PATH_PREFIX.length);
  const slash = body.indexOf('/');
  if (slash <= 0) return undefined;
  const stack = body.slice(0, slash);
  const rest = body.slice(slash + 1);
  return stacks.has(stack) && rest !== '' ? { stack, body: rest } : undefined;
}

/** Every reference string in an object, depth first. */
export function findReferences(attributes: Attributes): FoundReference[] {
  const found: FoundReference[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (isKusionPath(value)) {
      found.push({ attributePath: [...path], text: value });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        path.push(index);
        visit(item, path);
        path.pop();
      });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        path.push(key);
        visit(item, path);
        path.pop();
      }
    }
  };
  visit(attributes, []);
  return found;
}

/**
 * Splits a reference against the known ids. Ids may contain dots, so the longest id that is a
 * prefix followed by a non-empty path wins. Answers undefined when no id matches.
 */
export function splitReference(
  reference: FoundReference,
  ids: ReadonlySet<string>,
): ResourceReference | undefined {
  const body = reference.text.slice(KUSION_PATH_PREFIX.length);
  for (let dot = body.lastIndexOf('.'); dot > 0; dot = body.lastIndexOf('.', dot - 1)) {
    const candidate = body.slice(0, dot);
    if (ids.has(candidate)) {
      const path = body.slice(dot + 1);
      if (path === '') return undefined;
      return { ...reference, targetId: candidate, targetPath: parseAttributePath(path) };
    }
  }
  return undefined;
}

/**
 * Whether some reference of these resources names no resource among them and could name another
 * stack (`<stack>/…`): only then is the project's list of stacks needed.
 */
export function mayReferenceOtherStacks(
  resources: readonly { readonly id: string; readonly attributes: Attributes }[],
): boolean {
  const ids = new Set(resources.map((resource) => resource.id));
  return resources.some((resource) =>
    findReferences(resource.attributes).some(
      (found) => found.text.includes('/') && !splitReference(found, ids),
    ),
  );
}

/** How one reference resolves: a value, or unknown until the target is applied. */
export type ReferenceValue = { readonly value: unknown } | { readonly isUnknown: true };

export interface ResolvedAttributes {
  readonly attributes: Attributes;
  /** Paths (formatted) still holding reference strings because their values are not known yet. */
  readonly unknownPaths: readonly string[];
}

/**
 * Replaces reference strings by their values. Returns the same object when there is nothing to
 * replace, so resources without references cost nothing.
 */
export function resolveReferences(
  attributes: Attributes,
  references: readonly ResourceReference[],
  lookup: (reference: ResourceReference) => ReferenceValue,
): ResolvedAttributes {
  if (!references.length) return { attributes, unknownPaths: [] };
  const copy = structuredClone(attributes) as Record<string, unknown>;
  const unknownPaths: string[] = [];
  for (const reference of references) {
    const resolved = lookup(reference);
    if ('isUnknown' in resolved) {
      unknownPaths.push(formatAttributePath(reference.attributePath));
      continue;
    }
    setAtPath(copy, reference.attributePath, resolved.value);
  }
  return { attributes: copy, unknownPaths };
}
