/**
 * Sample records the checks store, exported so a backend's own tests (its layout, damaged records,
 * crashes) can use the same ones.
 */
import type { LockRequest, Release, ResourceState } from '@kusion/sdk';

export const sampleScope = { project: 'shop', workspace: 'dev', stack: 'main' } as const;

export const sampleLockScope = { project: 'shop', workspace: 'prod' } as const;

export const sampleHolder: LockRequest['holder'] = {
  user: 'ana',
  host: 'laptop',
  pid: 4242,
  command: 'kusion deploy',
};

export function sampleResource(id: string, version = 1): ResourceState {
  return { id, type: 'Test', attributes: { version } };
}

/** A release of `sampleScope` whose Spec and State both hold `resources`. */
export function sampleRelease(
  revision: number,
  resources: ResourceState[] = [],
  extra: Partial<Release> = {},
): Release {
  return {
    ...sampleScope,
    revision,
    operation: 'deploy',
    phase: 'preparing',
    spec: { resources },
    state: { resources },
    createdAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: '2024-01-01T00:00:00.000Z',
    user: 'ana',
    host: 'laptop',
    ...extra,
  };
}
