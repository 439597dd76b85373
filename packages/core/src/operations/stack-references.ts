/**
 * References to another stack of the project, `$kusion_path.<stack>/<id>.<attribute.path>`, are
 * resolved before planning, from that stack's latest release in the same workspace: the values are
 * written into the Spec, so the release records (and a rollback re-applies) the values used.
 */
import { getAtPath, KusionError, setAtPath } from '@kusion/sdk';
import type { Resource, ResourceState, Spec } from '@kusion/sdk';
import { findReferences, splitReference, splitStackReference } from '../graph/references.js';
import { isHashedSensitive } from '@kusion/backend-kit';
import type { StackSession } from './stack-session.js';

/** Where another stack's values come from: its resources, unknown yet, or why there are none. */
export type StackReferenceSource =
  | { readonly state: readonly ResourceState[]; readonly revision: number }
  | { readonly isUnknown: true }
  | { readonly problem: string };

export type StackReferenceLookup = (stack: string) => Promise<StackReferenceSource>;

/** The other stack's latest release in the session's workspace. */
export function latestReleaseLookup(session: StackSession): StackReferenceLookup {
  const { project, workspace } = session.scope;
  return async (stack) => {
    const latest = await session.engine.backend.releases.latest({ project, stack, workspace });
    if (!latest)
      return { problem: `stack "${stack}" has no release in workspace "${workspace}" yet` };
    return { state: latest.state.resources, revision: latest.revision };
  };
}

/**
 * The Spec with every reference to another stack replaced by its value; references whose source
 * answers `isUnknown` stay (planned as "known after apply"). Fails with
 * `STACK_REFERENCE_UNRESOLVED` listing every reference that cannot be resolved.
 */
export async function resolveStackReferences(
  session: StackSession,
  spec: Spec = session.spec,
  lookup: StackReferenceLookup = latestReleaseLookup(session),
): Promise<Spec> {
  if (!session.projectStacks.size) return spec;
  const localIds = new Set(spec.resources.map((resource) => resource.id));
  const sources = new Map<string, Promise<StackReferenceSource>>();
  const problems: string[] = [];
  const resources: Resource[] = [];
  for (const resource of spec.resources) {
    let copy: Record<string, unknown> | undefined;
    for (const found of findReferences(resource.attributes)) {
      if (splitReference(found, localIds)) continue;
      const other = splitStackReference(found.text, session.projectStacks);
      if (!other) continue; // the graph reports it as dangling
      let source = sources.get(other.stack);
      if (!source) {
        source = lookup(other.stack);
        sources.set(other.stack, source);
      }
      const resolved = valueOf(other.stack, other.body, await source);
      if (resolved === undefined) continue;
      if ('problem' in resolved) {
        problems.push(`"${resource.id}" references ${found.text}: ${resolved.problem}`);
        continue;
      }
      copy ??= structuredClone(resource.attributes) as Record<string, unknown>;
      setAtPath(copy, found.attributePath, resolved.value);
    }
    resources.push(copy ? { ...resource, attributes: copy } : resource);
  }
  if (problems.length) {
    throw new KusionError('STACK_REFERENCE_UNRESOLVED', problems.join('; '), {
      hint: `deploy the referenced stack to workspace "${session.scope.workspace}" first, or deploy every stack in dependency order with \`kusion rollout --all-stacks -W ${session.scope.workspace}\``,
    });
  }
  return { ...spec, resources };
}

function valueOf(
  stack: string,
  body: string,
  source: StackReferenceSource,
): { readonly value: unknown } | { readonly problem: string } | undefined {
  if ('isUnknown' in source) return undefined;
  if ('problem' in source) return source;
  const ids = new Set(source.state.map((resource) => resource.id));
  const split = splitReference({ attributePath: [], text: `$kusion_path.${body}` }, ids);
  if (!split) {
    return {
      problem: `stack "${stack}" (revision ${source.revision}) has no resource whose id starts "${body}"`,
    };
  }
  const target = source.state.find((resource) => resource.id === split.targetId);
  const found = getAtPath(target?.attributes, split.targetPath);
  if (!found.found)
    return {
      problem: `"${split.targetId}" of stack "${stack}" (revision ${source.revision}) has no value at that path`,
    };
  if (isHashedSensitive(found.value))
    return {
      problem: `"${split.targetId}" of stack "${stack}" holds it as a secret, stored only as a hash; pass it through a secret store (ref://) instead`,
    };
  return { value: found.value };
}
