import { isKusionError } from '@kusion/sdk';
import type { Resource } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { buildResourceGraph } from './resource-graph.js';

const resource = (
  id: string,
  attributes: Record<string, unknown> = {},
  dependsOn?: string[],
): Resource => ({
  id,
  type: 'Test',
  attributes,
  ...(dependsOn ? { dependsOn } : {}),
});

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isKusionError(error)) return { code: String(error.code), message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

describe('buildResourceGraph', () => {
  it('orders dependencies first from dependsOn and references, keeping spec order for ties', () => {
    const graph = buildResourceGraph([
      resource('app', { db: '$kusion_path.db.uid' }),
      resource('gateway', {}, ['app']),
      resource('db'),
      resource('cache'),
    ]);
    expect(graph.order).toEqual(['db', 'cache', 'app', 'gateway']);
    expect(graph.nodes.get('app')?.dependencies).toEqual(['db']);
    expect(graph.nodes.get('db')?.dependents).toEqual(['app']);
    expect(graph.nodes.get('app')?.references[0]).toMatchObject({
      targetId: 'db',
      targetPath: ['uid'],
      attributePath: ['db'],
    });
  });

  it('splits references against ids that contain dots and colons, longest id first', () => {
    const graph = buildResourceGraph([
      resource('rbac.authorization.k8s.io/v1:ClusterRole:reader'),
      resource('v1:Service:default:app'),
      resource('v1:Service:default:app.v2'),
      resource('user', {
        role: '$kusion_path.rbac.authorization.k8s.io/v1:ClusterRole:reader.metadata.name',
        ip: '$kusion_path.v1:Service:default:app.v2.spec.clusterIP',
        ports: ['$kusion_path.v1:Service:default:app.spec.ports[0].port'],
      }),
    ]);
    const references = graph.nodes.get('user')?.references ?? [];
    expect(references.map((r) => [r.targetId, r.targetPath])).toEqual([
      ['rbac.authorization.k8s.io/v1:ClusterRole:reader', ['metadata', 'name']],
      ['v1:Service:default:app.v2', ['spec', 'clusterIP']],
      ['v1:Service:default:app', ['spec', 'ports', '0', 'port']],
    ]);
  });

  it('reports every dangling dependsOn and reference, naming the resources', () => {
    const error = errorOf(() =>
      buildResourceGraph([
        resource('a', { x: '$kusion_path.missing.uid' }),
        resource('b', {}, ['nope']),
      ]),
    );
    expect(error.code).toBe('GRAPH_DANGLING_REFERENCE');
    expect(error.message).toContain('"a" references $kusion_path.missing.uid');
    expect(error.message).toContain('"b" depends on "nope"');
  });

  it('reports a cycle as a path in apply order, with where the resource is written', () => {
    const error = errorOf(() =>
      buildResourceGraph(
        [
          resource('a', {}, ['c']),
          resource('b', {}, ['a']),
          resource('c', {}, ['b']),
          resource('free'),
        ],
        {
          locate: (id) => (id === 'a' ? 'main.yaml:2' : undefined),
        },
      ),
    );
    expect(error.code).toBe('GRAPH_CYCLE');
    expect(error.message).toMatch(/"(a|b|c)" → "(a|b|c)" → "(a|b|c)" → "\1"/);
  });

  it('refuses a resource depending on itself, by dependsOn or by reference, file:line first (defect 7)', () => {
    const locate = (id: string) => (id === 'a' ? 'main.yaml:2' : undefined);
    const byDependsOn = errorOf(() => buildResourceGraph([resource('a', {}, ['a'])], { locate }));
    expect(byDependsOn.code).toBe('GRAPH_CYCLE');
    expect(byDependsOn.message).toBe('main.yaml:2: "a" depends on itself (dependsOn)');
    const byReference = errorOf(() =>
      buildResourceGraph([resource('b', { me: '$kusion_path.b.uid' })]),
    );
    expect(byReference.message).toBe('"b" references itself ($kusion_path.b.uid)');
  });

  it.each([
    ['a NUL', 'app\u0000x', '"\\u0000" (U+0000)'],
    ['a newline', 'app\nx', '"\\n" (U+000A)'],
    ['an escape', 'app\u001b[31m', '"\\u001b" (U+001B)'],
    ['a C1 control', 'app\u0085', '"\\u0085" (U+0085)'],
  ])(
    'refuses an id with %s, escaped in the message so it never reaches a terminal raw (defect 7)',
    (_, id, shown) => {
      const error = errorOf(() =>
        buildResourceGraph([resource(id)], { locate: () => 'main.yaml:4' }),
      );
      expect(error.code).toBe('SPEC_INVALID');
      const escaped = JSON.stringify(id).replace('\u0085', '\\u0085');
      expect(error.message).toContain(`main.yaml:4: ${escaped} is not a valid id`);
      expect(error.message).toContain(shown);
      // eslint-disable-next-line no-control-regex -- what must not be printed
      expect(error.message).not.toMatch(/[\u0000-\u001f\u0085]/);
    },
  );

  it('rejects duplicate ids', () => {
    expect(errorOf(() => buildResourceGraph([resource('a'), resource('a')])).code).toBe(
      'SPEC_INVALID',
    );
  });

  it('adds edges providers infer, ignoring ones that name unknown resources', () => {
    const graph = buildResourceGraph([resource('deployment'), resource('namespace')], {
      inferred: [
        { dependent: 'deployment', dependency: 'namespace' },
        { dependent: 'deployment', dependency: 'not-in-spec' },
      ],
    });
    expect(graph.order).toEqual(['namespace', 'deployment']);
  });

  it('stays linear on long chains and wide fans (no recursion limits)', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      resource(`r${i}`, {}, i ? [`r${i - 1}`] : undefined),
    );
    const started = performance.now();
    const graph = buildResourceGraph(chain);
    expect(graph.order.at(-1)).toBe('r19999');
    expect(performance.now() - started).toBeLessThan(2_000);
    const cyclic = [...chain.slice(1), resource('r0', {}, ['r19999'])];
    expect(errorOf(() => buildResourceGraph(cyclic)).code).toBe('GRAPH_CYCLE');
  });
});
