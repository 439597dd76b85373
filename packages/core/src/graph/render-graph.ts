/** The graph as text for `kusion graph`: Graphviz dot, Mermaid, or JSON. */
import type { Spec } from '@kusion/sdk';
import { buildResourceGraph } from './resource-graph.js';
import type { ResourceGraph } from './resource-graph.js';

export type GraphFormat = 'dot' | 'mermaid' | 'json';

export interface GraphDocument {
  readonly nodes: readonly { readonly id: string; readonly type: string }[];
  /** `from` must be applied before `to`. */
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

export function toGraphDocument(graph: ResourceGraph): GraphDocument {
  const nodes = graph.order.map((id) => ({ id, type: graph.nodes.get(id)?.resource.type ?? '' }));
  const edges = graph.order.flatMap((id) =>
    (graph.nodes.get(id)?.dependencies ?? []).map((dependency) => ({ from: dependency, to: id })),
  );
  return { nodes, edges };
}

/**
 * The graph of a recorded Spec (a release's), from its explicit and `$kusion_path` edges alone:
 * no configuration or provider is loaded, so a server can draw any release.
 */
export function specGraph(spec: Spec): GraphDocument {
  return toGraphDocument(buildResourceGraph(spec.resources, { stacks: stackNames(spec) }));
}

/** Other stacks a Spec still references (`$kusion_path.<stack>/…`): no edges, no dangling references. */
function stackNames(spec: Spec): ReadonlySet<string> {
  const names = new Set<string>();
  const text = JSON.stringify(spec.resources);
  for (const match of text.matchAll(/\$kusion_path\.([A-Za-z0-9_.-]+)\//g)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
  return names;
}

export function renderGraph(graph: ResourceGraph, format: GraphFormat): string {
  const document = toGraphDocument(graph);
  switch (format) {
    case 'json':
      return JSON.stringify(document, null, 2);
    case 'dot':
      return [
        'digraph kusion {',
        '  rankdir=LR;',
        ...document.nodes.map(
          (n) => `  ${JSON.stringify(n.id)} [label=${JSON.stringify(`${n.id}\n(${n.type})`)}];`,
        ),
        ...document.edges.map((e) => `  ${JSON.stringify(e.from)} -> ${JSON.stringify(e.to)};`),
        '}',
      ].join('\n');
    case 'mermaid': {
      const key = new Map(document.nodes.map((n, index) => [n.id, `r${index}`]));
      return [
        'flowchart LR',
        ...document.nodes.map((n) => `  ${key.get(n.id) ?? ''}["${escapeMermaid(n.id)}"]`),
        ...document.edges.map((e) => `  ${key.get(e.from) ?? ''} --> ${key.get(e.to) ?? ''}`),
      ].join('\n');
    }
  }
}

function escapeMermaid(text: string): string {
  return text.replaceAll('"', '#quot;');
}
