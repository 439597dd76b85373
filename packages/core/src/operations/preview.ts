/** `preview`, `generate` and `graph`: what a stack would do, without a lock and without changing anything. */
import { createFieldMatcher, maskSensitive } from '@kusion/sdk';
import type { Attributes, Plan, Spec } from '@kusion/sdk';
import { renderGraph, toGraphDocument } from '../graph/render-graph.js';
import type { GraphDocument, GraphFormat } from '../graph/render-graph.js';
import { sensitivePathsOf } from '../plan/sensitive-paths.js';
import type { RunOptions } from '../run/run.js';
import { prepareChange } from './prepare-change.js';
import { resolveStackReferences } from './stack-references.js';
import { withStack } from './stack-session.js';
import type { StackOptions } from './stack-session.js';

export type PreviewOptions = StackOptions & RunOptions;

export function preview(options: PreviewOptions): Promise<Plan> {
  return withStack(options, async (session) => {
    const spec = await resolveStackReferences(session);
    const prepared = await prepareChange(session, spec, session.createRun(options));
    await prepared.providers.closeAll();
    return session.engine.scrubber.scrubDeep(prepared.stackPlan.plan);
  });
}

export interface GenerateResult {
  /** The Spec with its real values: for a file only the user can read. */
  readonly spec: Spec;
  /** The same Spec with every value under a sensitive path, and every known secret, masked: for a terminal. */
  readonly masked: Spec;
  /** Whether `masked` differs from `spec`. */
  readonly hasSecrets: boolean;
}

/** `generate`: the Spec of a stack in a workspace, in clear and masked. */
export function generate(options: StackOptions): Promise<GenerateResult> {
  return withStack(options, (session) => {
    const { spec } = session;
    const { scrubber } = session.engine;
    let hasSecrets = false;
    // What the Spec shows in clear (names, ids) is no secret, whatever a sensitive path holds.
    const { scope } = session;
    scrubber.declarePublic([scope.project, scope.stack, scope.workspace]);
    for (const resource of spec.resources) {
      const matcher = createFieldMatcher(sensitivePathsOf(resource, undefined));
      scrubber.declarePublic(resource.id);
      scrubber.declarePublic(
        matcher.isEmpty ? resource.attributes : maskSensitive(resource.attributes, matcher),
      );
    }
    const resources = spec.resources.map((resource) => {
      const matcher = createFieldMatcher(sensitivePathsOf(resource, undefined));
      if (matcher.isEmpty) return resource;
      hasSecrets = true;
      scrubber.addAtPaths(resource.attributes, sensitivePathsOf(resource, undefined));
      return { ...resource, attributes: maskSensitive(resource.attributes, matcher) as Attributes };
    });
    hasSecrets ||=
      !scrubber.isEmpty && JSON.stringify(scrubber.scrubDeep(spec)) !== JSON.stringify(spec);
    return Promise.resolve({ spec, masked: scrubber.scrubDeep({ resources }), hasSecrets });
  });
}

export interface GraphResult {
  readonly document: GraphDocument;
  readonly text: string;
}

/** `graph`: the dependency graph, with the edges providers infer. */
export function graph(
  options: StackOptions & { readonly format: GraphFormat },
): Promise<GraphResult> {
  return withStack(options, async (session) => {
    const spec = await resolveStackReferences(session);
    const providers = await session.loadProviders(new Set(spec.resources.map((r) => r.type)));
    try {
      const built = session.analyze(spec.resources, providers).graph;
      return { document: toGraphDocument(built), text: renderGraph(built, options.format) };
    } finally {
      await providers.closeAll();
    }
  });
}
