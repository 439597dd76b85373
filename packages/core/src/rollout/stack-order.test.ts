import { describe, expect, it } from 'vitest';
import { orderStacks, referencedStacks } from './stack-order.js';

describe('stack order', () => {
  it('puts a stack after the stacks it references; ties keep folder order', () => {
    const references = new Map([
      ['app', new Set(['net', 'db'])],
      ['db', new Set(['net'])],
    ]);
    expect(orderStacks(['app', 'db', 'net', 'web'], references)).toEqual([
      'net',
      'db',
      'app',
      'web',
    ]);
  });

  it('names a cycle', () => {
    const references = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(() => orderStacks(['a', 'b', 'c'], references)).toThrow(
      'stacks reference each other in a cycle: "a" → "b" → "c" → "a"',
    );
  });

  it('finds references to other stacks, not to the Spec\'s own ids (Kubernetes ids hold "/" too)', () => {
    const spec = {
      resources: [
        { id: 'apps/v1:Deployment:shop:web', type: 'Kubernetes', attributes: {} },
        {
          id: 'v1:Service:shop:web',
          type: 'Kubernetes',
          attributes: {
            selector: '$kusion_path.apps/v1:Deployment:shop:web.metadata.name',
            vpc: '$kusion_path.net/aws:vpc.VpcId',
            other: '$kusion_path.unknown/x.y',
          },
        },
      ],
    };
    expect([...referencedStacks(spec, new Set(['net', 'apps']))]).toEqual(['net']);
  });
});
