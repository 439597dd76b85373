import { describe, expect, it } from 'vitest';
import { readinessRuleFor } from './readiness-rules.js';

const rule = (apiVersion: string, kind: string) => {
  const found = readinessRuleFor(apiVersion, kind);
  if (!found) throw new Error(`no rule for ${kind}`);
  return found;
};
const deployment = rule('apps/v1', 'Deployment');

describe('readiness rules', () => {
  it('needs no observation for kinds without a status worth waiting for', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'ConfigMap'],
      ['v1', 'Secret'],
      ['v1', 'ServiceAccount'],
      ['rbac.authorization.k8s.io/v1', 'Role'],
      ['v1', 'Namespace'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
    ] as const) {
      expect(readinessRuleFor(apiVersion, kind), kind).toBeUndefined();
    }
  });

  describe('Deployment', () => {
    const object = (
      status: Record<string, unknown>,
      spec: Record<string, unknown> = {},
      generation = 2,
    ) => ({
      metadata: { generation },
      spec: { replicas: 3, ...spec },
      status: { observedGeneration: 2, ...status },
    });
    it('waits for the controller to observe the latest spec', () => {
      expect(deployment(object({ observedGeneration: 1 }))).toEqual({
        isReady: false,
        message: 'waiting for the controller to observe the new spec',
      });
    });
    it('waits for updated, then old replicas gone, then available replicas', () => {
      expect(deployment(object({ updatedReplicas: 1, replicas: 3 })).message).toBe(
        '1/3 replicas updated',
      );
      expect(deployment(object({ updatedReplicas: 3, replicas: 4 })).message).toBe(
        '1 old replica pending termination',
      );
      expect(deployment(object({ updatedReplicas: 3, replicas: 3, availableReplicas: 2 }))).toEqual(
        { isReady: false, message: '2/3 replicas available' },
      );
      expect(deployment(object({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual(
        { isReady: true, message: '3/3 replicas available' },
      );
    });
    it('fails when the rollout exceeded its progress deadline', () => {
      const status = deployment(
        object({
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "web-1" has timed out progressing.',
            },
          ],
        }),
      );
      expect(status.isFailed).toBe(true);
      expect(status.message).toContain('ProgressDeadlineExceeded');
    });
    it('defaults replicas to 1', () => {
      expect(
        deployment({
          metadata: { generation: 1 },
          spec: {},
          status: { observedGeneration: 1, updatedReplicas: 1, replicas: 1, availableReplicas: 1 },
        }).isReady,
      ).toBe(true);
    });
  });

  it('StatefulSet: ready replicas, partitions and revisions', () => {
    const statefulSet = rule('apps/v1', 'StatefulSet');
    const base = { metadata: { generation: 1 }, spec: { replicas: 2 } };
    expect(
      statefulSet({
        ...base,
        status: { observedGeneration: 1, updatedReplicas: 2, readyReplicas: 1 },
      }).message,
    ).toBe('1/2 replicas ready');
    expect(
      statefulSet({
        ...base,
        status: {
          observedGeneration: 1,
          updatedReplicas: 2,
          readyReplicas: 2,
          currentRevision: 'a',
          updateRevision: 'b',
        },
      }).message,
    ).toBe('rolling update in progress');
    expect(
      statefulSet({
        ...base,
        status: {
          observedGeneration: 1,
          updatedReplicas: 2,
          readyReplicas: 2,
          currentRevision: 'b',
          updateRevision: 'b',
        },
      }).isReady,
    ).toBe(true);
    const partitioned = {
      metadata: { generation: 1 },
      spec: {
        replicas: 3,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      },
    };
    expect(
      statefulSet({
        ...partitioned,
        status: {
          observedGeneration: 1,
          updatedReplicas: 1,
          readyReplicas: 3,
          currentRevision: 'a',
          updateRevision: 'b',
        },
      }).isReady,
    ).toBe(true);
  });

  it('DaemonSet and ReplicaSet', () => {
    const daemonSet = rule('apps/v1', 'DaemonSet');
    expect(
      daemonSet({
        metadata: { generation: 1 },
        status: {
          observedGeneration: 1,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 1,
        },
      }).message,
    ).toBe('1/3 pods available');
    expect(
      daemonSet({
        metadata: { generation: 1 },
        status: {
          observedGeneration: 1,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 3,
        },
      }).isReady,
    ).toBe(true);
    const replicaSet = rule('apps/v1', 'ReplicaSet');
    expect(
      replicaSet({
        metadata: { generation: 1 },
        spec: { replicas: 2 },
        status: {
          observedGeneration: 1,
          availableReplicas: 0,
          conditions: [
            { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota' },
          ],
        },
      }).message,
    ).toBe('0/2 replicas available (FailedCreate: quota)');
  });

  it('Job: complete, failed, in progress', () => {
    const job = rule('batch/v1', 'Job');
    expect(job({ status: { conditions: [{ type: 'Complete', status: 'True' }] } })).toEqual({
      isReady: true,
      message: 'job complete',
    });
    expect(
      job({
        status: {
          conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }],
        },
      }),
    ).toMatchObject({ isFailed: true, message: 'job failed: BackoffLimitExceeded' });
    expect(job({ spec: { completions: 3 }, status: { succeeded: 1, active: 2 } }).message).toBe(
      '1/3 completions, 2 active',
    );
  });

  it('Pod: ready, succeeded, crash loops and unschedulable', () => {
    const pod = rule('v1', 'Pod');
    expect(
      pod({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } })
        .isReady,
    ).toBe(true);
    expect(pod({ status: { phase: 'Succeeded' } }).isReady).toBe(true);
    expect(pod({ status: { phase: 'Failed', reason: 'Evicted' } })).toMatchObject({
      isFailed: true,
      message: 'pod failed: Evicted',
    });
    expect(
      pod({
        status: {
          phase: 'Running',
          containerStatuses: [{ name: 'web', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
        },
      }),
    ).toMatchObject({ isFailed: true, message: 'pod container web: CrashLoopBackOff' });
    expect(
      pod({
        status: {
          phase: 'Pending',
          containerStatuses: [{ name: 'web', state: { waiting: { reason: 'ImagePullBackOff' } } }],
        },
      }),
    ).toEqual({ isReady: false, message: 'pod container web: ImagePullBackOff' });
    expect(
      pod({
        status: {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/3 nodes are available',
            },
          ],
        },
      }).message,
    ).toBe('pod not scheduled: Unschedulable: 0/3 nodes are available');
  });

  it('Service: a load balancer waits for its address', () => {
    const service = rule('v1', 'Service');
    expect(service({ spec: { type: 'ClusterIP' } }).isReady).toBe(true);
    expect(service({ spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } })).toEqual({
      isReady: false,
      message: 'waiting for load balancer address',
    });
    expect(
      service({
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } },
      }),
    ).toEqual({ isReady: true, message: 'load balancer at 203.0.113.7' });
  });

  it('PersistentVolumeClaim and CustomResourceDefinition', () => {
    const claim = rule('v1', 'PersistentVolumeClaim');
    expect(claim({ status: { phase: 'Pending' } }).message).toBe(
      'waiting for the claim to be bound (Pending)',
    );
    expect(claim({ status: { phase: 'Bound' } }).isReady).toBe(true);
    const crd = rule('apiextensions.k8s.io/v1', 'CustomResourceDefinition');
    expect(crd({ status: { conditions: [{ type: 'Established', status: 'True' }] } }).isReady).toBe(
      true,
    );
    expect(
      crd({
        status: {
          conditions: [{ type: 'NamesAccepted', status: 'False', reason: 'ListKindConflict' }],
        },
      }).isFailed,
    ).toBe(true);
  });

  it('custom resources: no status is ready; generations and Ready/Available conditions otherwise', () => {
    const custom = rule('example.com/v1', 'Widget');
    expect(custom({ spec: {} }).isReady).toBe(true);
    expect(custom({ metadata: { generation: 2 }, status: { observedGeneration: 1 } }).message).toBe(
      'waiting for the controller to observe the new spec',
    );
    expect(
      custom({
        metadata: { generation: 2 },
        status: {
          observedGeneration: 2,
          conditions: [{ type: 'Ready', status: 'False', reason: 'Provisioning' }],
        },
      }),
    ).toEqual({ isReady: false, message: 'Ready: Provisioning' });
    expect(
      custom({
        metadata: { generation: 2 },
        status: { observedGeneration: 2, conditions: [{ type: 'Available', status: 'True' }] },
      }).isReady,
    ).toBe(true);
    expect(
      custom({ status: { conditions: [{ type: 'Stalled', status: 'True', message: 'bad spec' }] } })
        .isFailed,
    ).toBe(true);
  });
});
