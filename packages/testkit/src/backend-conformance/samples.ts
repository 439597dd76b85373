/**
 * Sample records the checks store, exported so a backend's own tests (its layout, damaged records,
 * crashes) can use the same ones.
 */
import { lockFence } from '@kusion/sdk';
import type {
  Backend,
  HeldLock,
  LockFence,
  LockRequest,
  LockScope,
  Release,
  ReleaseWriteOptions,
  ResourceState,
} from '@kusion/sdk';

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
  resources: readonly ResourceState[] = [],
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

/** A lock held on a scope, with the write options its fence gives. */
export interface SampleWriter {
  readonly lock: HeldLock;
  readonly fence: LockFence;
  /** `{ fence }`, for release writes. */
  readonly write: ReleaseWriteOptions;
}

/**
 * Takes the lock of `sampleScope`'s project and workspace (or `scope`) on `backend`, replacing
 * `replaceHolderId` when given: what a run does before it writes releases.
 */
export async function sampleWriter(
  backend: Backend,
  options: {
    readonly scope?: LockScope;
    readonly replaceHolderId?: string;
    readonly ttlMs?: number;
    readonly holder?: Partial<LockRequest['holder']>;
  } = {},
): Promise<SampleWriter> {
  const scope = options.scope ?? { project: sampleScope.project, workspace: sampleScope.workspace };
  const result = await backend.locks.tryAcquire({
    scope,
    holder: { ...sampleHolder, ...options.holder },
    ttlMs: options.ttlMs ?? 60_000,
    replaceHolderId: options.replaceHolderId,
  });
  if (!('lock' in result)) {
    throw new Error(
      `expected to take the lock of ${scope.project}/${scope.workspace}, held by ${result.holder.id}`,
    );
  }
  const fence = lockFence(scope, result.lock.info);
  return { lock: result.lock, fence, write: { fence } };
}
