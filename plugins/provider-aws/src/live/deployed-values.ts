/**
 * The values of `Ref` and of the attributes other providers reference, for deployed resources.
 * Stack Outputs are the source when they belong to the deployed template (their
 * `KusionTemplateHash` matches). An endpoint that does not refresh Outputs on ExecuteChangeSet
 * (moto keeps those of the last CreateStack/UpdateStack, or none) fails that check, and the values
 * come from the services' describe calls instead; `Ref` is then the physical id, which it is for
 * every type those calls cover.
 */
import { isRecord } from '../model/aws-resource.js';
import { intrinsicTarget } from '../model/references.js';
import { TEMPLATE_HASH_OUTPUT } from '../model/template.js';
import type { OutputBinding, StackTemplate } from '../model/template.js';
import type { LiveView } from './service-readers.js';

export interface ValueSources {
  /** The stack's Outputs. */
  readonly outputs: ReadonlyMap<string, string>;
  readonly bindings: readonly OutputBinding[];
  /** The Outputs belong to the deployed template. */
  readonly isFresh: boolean;
  /** The services' view of a resource, by logical id (cached by the caller). */
  readonly view: (logicalId: string) => Promise<LiveView | undefined>;
}

export interface ResolvedValues {
  readonly values: Map<string, unknown>;
  /** Paths no source could answer. */
  readonly missing: string[];
}

export async function resolveValues(
  target: {
    readonly id: string;
    readonly logicalId: string;
    readonly physicalId: string | undefined;
  },
  paths: readonly string[],
  sources: ValueSources,
): Promise<ResolvedValues> {
  const values = new Map<string, unknown>();
  const missing: string[] = [];
  for (const path of paths) {
    const binding = sources.bindings.find(
      (candidate) => candidate.id === target.id && candidate.path === path,
    );
    const output = binding && sources.isFresh ? sources.outputs.get(binding.key) : undefined;
    if (output !== undefined) {
      values.set(path, output);
    } else if (path === 'Ref' && target.physicalId !== undefined) {
      values.set(path, target.physicalId);
    } else {
      const value = readPath((await sources.view(target.logicalId))?.attributes, path);
      if (value === undefined) missing.push(path);
      else values.set(path, value);
    }
  }
  return { values, missing };
}

/** Whether the stack's Outputs were computed from this template. */
export function areOutputsFresh(
  outputs: ReadonlyMap<string, string>,
  expectedHash: string | undefined,
): boolean {
  return expectedHash !== undefined && outputs.get(TEMPLATE_HASH_OUTPUT) === expectedHash;
}

/** The Output bindings of a deployed template, read from the Outputs' values. */
export function bindingsOfTemplate(
  template: StackTemplate,
  idsByLogicalId: ReadonlyMap<string, string>,
): OutputBinding[] {
  return Object.entries(template.Outputs ?? {}).flatMap(([key, output]) => {
    const target = isRecord(output.Value) ? intrinsicTarget(output.Value) : undefined;
    const id = target && idsByLogicalId.get(target.logicalId);
    return target && id !== undefined ? [{ key, id, path: target.path }] : [];
  });
}

/** The hash a deployed template carries in its own Outputs. */
export function hashOfTemplate(template: StackTemplate): string | undefined {
  const value = template.Outputs?.[TEMPLATE_HASH_OUTPUT]?.Value;
  return typeof value === 'string' ? value : undefined;
}

function readPath(source: Readonly<Record<string, unknown>> | undefined, path: string): unknown {
  let value: unknown = source;
  for (const segment of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[segment];
  }
  return value;
}
