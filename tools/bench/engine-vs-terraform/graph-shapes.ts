// The dependency graphs both tools are given. Each shape is built once and rendered by each runner,
// so kusion and terraform always see the same resources and the same edges.

export const SHAPES = ['wide', 'chain', 'layered'] as const;
export type Shape = (typeof SHAPES)[number];

export function isShape(value: string): value is Shape {
  return (SHAPES as readonly string[]).includes(value);
}

/** One resource: its name (`r<i>`) and the names whose identity it takes as input. */
export interface GraphNode {
  readonly name: string;
  readonly inputs: readonly string[];
}

export function resourceName(index: number): string {
  return `r${index}`;
}

/**
 * The nodes of a shape of `size` resources, in index order.
 * - wide: no edges, so the only limit is the tools' parallelism.
 * - chain: r_i takes r_{i-1}'s id, so nothing can run in parallel and per-node latency adds up.
 * - layered: layers of width ceil(sqrt(size)); each node takes the ids of two nodes of the
 *   previous layer (same position and the next one, wrapping), a mix of depth and breadth.
 */
export function buildGraph(shape: Shape, size: number): GraphNode[] {
  const width = Math.ceil(Math.sqrt(size));
  const nodes: GraphNode[] = [];
  for (let index = 0; index < size; index++) {
    nodes.push({ name: resourceName(index), inputs: inputsOf(shape, index, width) });
  }
  return nodes;
}

function inputsOf(shape: Shape, index: number, width: number): string[] {
  switch (shape) {
    case 'wide':
      return [];
    case 'chain':
      return index === 0 ? [] : [resourceName(index - 1)];
    case 'layered': {
      const layer = Math.floor(index / width);
      if (layer === 0) return [];
      // Every layer but the last is full, so the previous one always has `width` nodes.
      const previousStart = (layer - 1) * width;
      const position = index % width;
      const first = previousStart + position;
      const second = previousStart + ((position + 1) % width);
      return first === second ? [resourceName(first)] : [resourceName(first), resourceName(second)];
    }
  }
}
