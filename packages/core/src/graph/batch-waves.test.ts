import type { Resource } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { computeBatchWaves } from './batch-waves.js';
import { buildResourceGraph } from './resource-graph.js';

const aws = (id: string, dependsOn: string[] = []): Resource => ({
  id,
  type: 'AWS',
  attributes: {},
  dependsOn,
});
const k8s = (id: string, dependsOn: string[] = []): Resource => ({
  id,
  type: 'Kubernetes',
  attributes: {},
  dependsOn,
});

function waves(resources: Resource[]) {
  const graph = buildResourceGraph(resources);
  const types = new Map(resources.map((r) => [r.id, r.type]));
  return computeBatchWaves(graph, (id) => (types.get(id) === 'AWS' ? 'aws' : undefined));
}

describe('computeBatchWaves', () => {
  it('keeps a batch in one wave when no other provider sits between its resources', () => {
    const result = waves([
      aws('queue'),
      aws('dlq'),
      k8s('deployment', ['queue']),
      aws('topic', ['dlq']),
    ]);
    expect(result.wavesOfGroup.get('aws')).toBe(1);
    expect([...result.waveOf.values()]).toEqual([1, 1, 1]);
  });

  it('starts a new wave where a batch resource needs another provider that needs the batch', () => {
    // queue (AWS) → deployment (K8s) → service (K8s) → record (AWS): record must wait for the service.
    const result = waves([
      aws('queue'),
      k8s('deployment', ['queue']),
      k8s('service', ['deployment']),
      aws('record', ['service']),
      aws('alarm', ['record']),
    ]);
    expect(result.waveOf.get('queue')).toBe(1);
    expect(result.waveOf.get('record')).toBe(2);
    expect(result.waveOf.get('alarm')).toBe(2);
    expect(result.wavesOfGroup.get('aws')).toBe(2);
  });

  it('a batch resource that needs another provider independent of the batch stays in wave 1', () => {
    const result = waves([k8s('namespace'), aws('queue', ['namespace'])]);
    expect(result.waveOf.get('queue')).toBe(1);
  });

  it('alternating providers give one wave per crossing', () => {
    const result = waves([
      aws('a1'),
      k8s('k1', ['a1']),
      aws('a2', ['k1']),
      k8s('k2', ['a2']),
      aws('a3', ['k2']),
    ]);
    expect([result.waveOf.get('a1'), result.waveOf.get('a2'), result.waveOf.get('a3')]).toEqual([
      1, 2, 3,
    ]);
  });
});
