/** `preview`: the three-way plan of a stack, without a lock and without changing anything. */
import type { Plan, Spec } from '@kusion/sdk';
import { renderGraph, toGraphDocument } from '../graph/render-graph.js';
import type { GraphDocument, GraphFormat } from '../graph/render-graph.js';
import { prepareChange } from './prepare-change.js';
import type { PlanOptions } from './prepare-change.js';
import { withStack } from './stack-session.js';
import type { StackOptions } from './stack-session.js';

export type PreviewOptions = StackOptions & PlanOptions;

export function preview(options: PreviewOptions): Promise<Plan> {
  return withStack(options, async (session) => {
    const prepared = await prepareChange(session, session.spec, options, session.engine.signal);
    await prepared.providers.closeAll();
    return prepared.stackPlan.plan;
  });
}

/** `generate`: the Spec of a stack in a workspace. */
export function generate(options: StackOptions): Promise<Spec> {
  return withStack(options, (session) => Promise.resolve(session.spec));
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
    const providers = await session.loadProviders(
      new Set(session.spec.resources.map((r) => r.type)),
    );
    try {
      const built = session.buildGraph(session.spec.resources, providers);
      return { document: toGraphDocument(built), text: renderGraph(built, options.format) };
    } finally {
      await providers.closeAll();
    }
  });
}
