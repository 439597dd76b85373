/**
 * The resource graph, laid out in the browser by dagre (left to right: dependencies first) and
 * drawn as SVG. Node colour says whether the release recorded the resource as applied.
 */
import { Graph, layout } from '@dagrejs/dagre';
import { useMemo } from 'react';
import type { Graph as GraphDocument } from '../api.js';

const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7.2;

interface Laid {
  width: number;
  height: number;
  nodes: { id: string; type: string; status: string; x: number; y: number; width: number }[];
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
}

function lay(document: GraphDocument): Laid {
  const graph = new Graph<
    { rankdir: string; nodesep: number; ranksep: number },
    { width: number; height: number; x?: number; y?: number },
    { points?: { x: number; y: number }[] }
  >();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 60 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of document.nodes) {
    graph.setNode(node.id, {
      width: Math.max(120, node.id.length * CHAR_WIDTH + 24),
      height: NODE_HEIGHT,
    });
  }
  for (const edge of document.edges) graph.setEdge(edge.from, edge.to);
  layout(graph);
  const label = graph.graph() as { width?: number; height?: number };
  return {
    width: (label.width ?? 0) + 20,
    height: (label.height ?? 0) + 20,
    nodes: document.nodes.map((node) => {
      const laid = graph.node(node.id);
      return { ...node, x: (laid.x ?? 0) + 10, y: (laid.y ?? 0) + 10, width: laid.width };
    }),
    edges: document.edges.map((edge) => ({
      ...edge,
      points: (graph.edge(edge.from, edge.to).points ?? []).map((p) => ({
        x: p.x + 10,
        y: p.y + 10,
      })),
    })),
  };
}

export function ResourceGraph({ graph }: { graph: GraphDocument }) {
  const laid = useMemo(() => lay(graph), [graph]);
  if (!graph.nodes.length) return <p className="muted">No resources.</p>;
  return (
    <svg
      className="graph"
      data-testid="graph"
      width={laid.width}
      height={laid.height}
      viewBox={`0 0 ${String(laid.width)} ${String(laid.height)}`}
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="10"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#8a94a6" />
        </marker>
      </defs>
      {laid.edges.map((edge) => (
        <polyline
          key={`${edge.from}->${edge.to}`}
          points={edge.points.map((p) => `${String(p.x)},${String(p.y)}`).join(' ')}
          fill="none"
          stroke="#8a94a6"
          strokeWidth="1.5"
          markerEnd="url(#arrow)"
        />
      ))}
      {laid.nodes.map((node) => (
        <g
          key={node.id}
          transform={`translate(${String(node.x - node.width / 2)},${String(node.y - NODE_HEIGHT / 2)})`}
          data-testid="graph-node"
        >
          <rect
            width={node.width}
            height={NODE_HEIGHT}
            rx="6"
            className={`node node-${node.status}`}
          />
          <text x="12" y="18" className="node-id">
            {node.id}
          </text>
          <text x="12" y="34" className="node-type">
            {node.type} · {node.status}
          </text>
        </g>
      ))}
    </svg>
  );
}
