/**
 * A backend in memory, written straight from the sdk's interfaces, to prove the backend
 * conformance suite passes a correct backend (and, broken on purpose, fails a wrong one). Records
 * are cloned on the way in and out, as serialising them would. `MemoryDefects` switch off one
 * rule each, for the tests that prove the suite notices.
 */
import { randomUUID } from 'node:crypto';
import { KusionError, LockError } from '@kusion/sdk';
import type {
  Backend,
  HeldLock,
  LockFence,
  LockInfo,
  LockScope,
  Release,
  ReleaseScope,
  StateJournalEntry,
  Workspace,
  WrappedKey,
} from '@kusion/sdk';

/** Rules the memory backend can be told to break. */
export interface MemoryDefects {
  /** Writes whatever lock the writer holds, or none. */
  readonly ignoresFences?: boolean;
  /** Starts generations at 1 again once a lock is released. */
  readonly reusesGenerations?: boolean;
  /** Replays journal entries of any generation. */
  readonly replaysLateEntries?: boolean;
}

type StoredEntry = StateJournalEntry & { readonly generation: number };
import type { BackendStorage } from '../src/backend-conformance/types.js';

interface Records {
  readonly workspaces: Map<string, Workspace>;
  current: string | undefined;
  readonly releases: Map<string, Release>;
  readonly journals: Map<string, StoredEntry[]>;
  readonly locks: Map<string, LockInfo>;
  /** The last generation handed out, per lock key: kept when the lock is released. */
  readonly generations: Map<string, number>;
  /** The wrapped data key and its version (a counter). */
  dataKey: { readonly key: WrappedKey; readonly version: string } | undefined;
}

function segment(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (value === '' || value.startsWith('.') || /[/\\\u0000-\u001f]/.test(value)) {
    throw new KusionError('INVALID_ARGUMENT', `invalid ${what} ${JSON.stringify(value)}`);
  }
  return value;
}

const folderOf = (scope: ReleaseScope): string =>
  [
    segment(scope.project, 'project name'),
    segment(scope.workspace, 'workspace name'),
    segment(scope.stack, 'stack name'),
  ].join('/');

function keyOf(scope: ReleaseScope, revision: number): string {
  const folder = folderOf(scope);
  if (!Number.isSafeInteger(revision) || revision < 1) {
    throw new KusionError('INVALID_ARGUMENT', `invalid release revision ${String(revision)}`);
  }
  return `${folder}/${String(revision)}`;
}

const lockKeyOf = (scope: LockScope): string =>
  `${segment(scope.project, 'project name')}/${segment(scope.workspace, 'workspace name')}`;

const describeScope = (scope: ReleaseScope): string =>
  `project "${scope.project}", workspace "${scope.workspace}", stack "${scope.stack}"`;

function replay(
  release: Release,
  entries: readonly StoredEntry[],
  defects: MemoryDefects,
): Release {
  const byId = new Map(release.state.resources.map((resource) => [resource.id, resource]));
  for (const { generation, ...entry } of entries) {
    if (!defects.replaysLateEntries && generation < (release.lockGeneration ?? 0)) continue;
    if (entry.op === 'put') byId.set(entry.resource.id, entry.resource);
    else byId.delete(entry.id);
  }
  return structuredClone({ ...release, state: { resources: [...byId.values()] } });
}

function lostLock(scope: LockScope, current: LockInfo | undefined): KusionError {
  return current
    ? new LockError(
        `the lock on ${scope.project} was taken over by ${current.user}@${current.host}`,
        current,
        false,
      )
    : new KusionError('LOCKED', `the lock on ${scope.project} was force-released`);
}

function openBackend(records: Records, defects: MemoryDefects): Backend {
  /** Throws unless `fence` is still the lock of its scope and `stored` was not written by a newer one. */
  const checkFence = (fence: LockFence, stored?: Release): void => {
    if (defects.ignoresFences) return;
    const current = records.locks.get(lockKeyOf(fence.scope));
    if (current?.id !== fence.holderId || current.generation !== fence.generation) {
      throw lostLock(fence.scope, current);
    }
    if ((stored?.lockGeneration ?? 0) > fence.generation) {
      throw new KusionError('LOCKED', 'the release was written by a newer holder of the lock');
    }
  };
  const journals = new Map<string, 'open' | Promise<void>>();
  const names = (): string[] => [...records.workspaces.keys()].sort();
  const notFound = (name: string): KusionError =>
    new KusionError('WORKSPACE_NOT_FOUND', `workspace "${name}" does not exist`, {
      hint: `Existing workspaces: ${names().join(', ')}`,
    });
  const releaseNotFound = (scope: ReleaseScope, revision: number): KusionError =>
    new KusionError('RELEASE_NOT_FOUND', `release ${String(revision)} of ${describeScope(scope)}`);

  const get = async (scope: ReleaseScope, revision: number): Promise<Release | undefined> => {
    const key = keyOf(scope, revision);
    const release = records.releases.get(key);
    return Promise.resolve(release && replay(release, records.journals.get(key) ?? [], defects));
  };
  const revisions = (scope: ReleaseScope): number[] => {
    const prefix = `${folderOf(scope)}/`;
    return [...records.releases.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => Number(key.slice(prefix.length)))
      .sort((a, b) => a - b);
  };

  function heldLock(key: string, scope: LockScope, acquired: LockInfo, ttlMs: number): HeldLock {
    let info = acquired;
    return {
      get info() {
        return info;
      },
      renew() {
        const current = records.locks.get(key);
        if (current?.id !== info.id) return Promise.reject(lostLock(scope, current));
        info = { ...info, expiresAt: new Date(Date.now() + ttlMs).toISOString() };
        records.locks.set(key, info);
        return Promise.resolve();
      },
      release() {
        if (records.locks.get(key)?.id === info.id) records.locks.delete(key);
        return Promise.resolve();
      },
    };
  }

  return {
    name: 'memory',
    workspaces: {
      get: async (name) =>
        Promise.resolve(structuredClone(records.workspaces.get(segment(name, 'workspace name')))),
      list: () => Promise.resolve(names()),
      async create(workspace) {
        if (records.workspaces.has(segment(workspace.name, 'workspace name'))) {
          throw new KusionError(
            'WORKSPACE_EXISTS',
            `workspace "${workspace.name}" already exists`,
            {
              hint: `taken: ${names().join(', ')}`,
            },
          );
        }
        records.workspaces.set(workspace.name, structuredClone(workspace));
        return Promise.resolve();
      },
      async update(workspace) {
        if (!records.workspaces.has(segment(workspace.name, 'workspace name'))) {
          throw notFound(workspace.name);
        }
        records.workspaces.set(workspace.name, structuredClone(workspace));
        return Promise.resolve();
      },
      async delete(name) {
        if (!records.workspaces.delete(segment(name, 'workspace name'))) throw notFound(name);
        if (records.current === name) records.current = undefined;
        return Promise.resolve();
      },
      getCurrent: () => Promise.resolve(records.current),
      async setCurrent(name) {
        if (name !== undefined && !records.workspaces.has(segment(name, 'workspace name'))) {
          throw notFound(name);
        }
        records.current = name;
        return Promise.resolve();
      },
    },

    releases: {
      get,
      async latest(scope) {
        const newest = revisions(scope).at(-1);
        return newest === undefined ? undefined : get(scope, newest);
      },
      async list(scope) {
        const summaries = [];
        for (const revision of revisions(scope)) {
          const release = await get(scope, revision);
          if (!release) continue;
          const { spec: _spec, state, ...summary } = release;
          summaries.push({ ...summary, resourceCount: state.resources.length });
        }
        return summaries;
      },
      async create(release, { fence }) {
        const key = keyOf(release, release.revision);
        checkFence(fence);
        if (records.releases.has(key)) {
          throw new KusionError(
            'STATE_CONFLICT',
            `release ${String(release.revision)} of ${describeScope(release)} already exists`,
          );
        }
        records.releases.set(
          key,
          structuredClone({ ...release, lockGeneration: fence.generation }),
        );
        records.journals.delete(key);
        return Promise.resolve();
      },
      async update(release, { fence }) {
        const key = keyOf(release, release.revision);
        const stored = records.releases.get(key);
        if (!stored) throw releaseNotFound(release, release.revision);
        checkFence(fence, stored);
        const stamped = { ...release, lockGeneration: fence.generation };
        const status = journals.get(key);
        if (status === 'open') {
          records.releases.set(key, structuredClone(stamped));
          return;
        }
        await status;
        // Fold what a read would replay, judged by the generation of the record being replaced.
        const entries = (records.journals.get(key) ?? []).filter(
          (entry) => defects.replaysLateEntries || entry.generation >= (stored.lockGeneration ?? 0),
        );
        records.releases.set(key, replay(stamped, entries, { replaysLateEntries: true }));
        records.journals.delete(key);
      },
      async openJournal(scope, revision, { fence }) {
        const key = keyOf(scope, revision);
        if (!records.releases.has(key)) throw releaseNotFound(scope, revision);
        if (journals.has(key)) {
          throw new KusionError('INVALID_ARGUMENT', `the journal of ${key} is already open`);
        }
        journals.set(key, 'open');
        let isClosed = false;
        return Promise.resolve({
          async append(entry: StateJournalEntry) {
            if (isClosed) throw new KusionError('INTERNAL', 'the journal is closed');
            checkFence(fence);
            const entries = records.journals.get(key) ?? [];
            entries.push(structuredClone({ ...entry, generation: fence.generation }));
            records.journals.set(key, entries);
            return Promise.resolve();
          },
          close() {
            isClosed = true;
            journals.delete(key);
            return Promise.resolve();
          },
        });
      },
    },

    locks: {
      async tryAcquire({ scope, holder, ttlMs, replaceHolderId }) {
        const key = lockKeyOf(scope);
        if (!(ttlMs > 0))
          throw new KusionError('INVALID_ARGUMENT', `invalid ttlMs ${String(ttlMs)}`);
        const current = records.locks.get(key);
        if (current && current.id !== replaceHolderId) return Promise.resolve({ holder: current });
        const now = Date.now();
        const generation = defects.reusesGenerations
          ? (current?.generation ?? 0) + 1
          : Math.max(records.generations.get(key) ?? 0, current?.generation ?? 0) + 1;
        records.generations.set(key, generation);
        const info: LockInfo = {
          ...holder,
          id: randomUUID(),
          generation,
          acquiredAt: new Date(now).toISOString(),
          expiresAt: new Date(now + ttlMs).toISOString(),
        };
        records.locks.set(key, info);
        return Promise.resolve({ lock: heldLock(key, scope, info, ttlMs) });
      },
      inspect: async (scope) => Promise.resolve(records.locks.get(lockKeyOf(scope))),
      async forceRelease(scope) {
        const key = lockKeyOf(scope);
        const current = records.locks.get(key);
        records.locks.delete(key);
        return Promise.resolve(current);
      },
    },
    keys: {
      location: 'memory:data-key',
      get: () => Promise.resolve(records.dataKey && structuredClone(records.dataKey)),
      put(key, condition) {
        const current = records.dataKey?.version;
        const isAllowed =
          'ifAbsent' in condition ? current === undefined : current === condition.ifMatch;
        if (!isAllowed) return Promise.resolve({ stored: false as const });
        const version = String(Number(current ?? 0) + 1);
        records.dataKey = { key: structuredClone(key), version };
        return Promise.resolve({ stored: true as const, version });
      },
    },
  };
}

/** Fresh, empty storage in memory; every `open` is another "process" on it. */
export function createMemoryStorage(defects: MemoryDefects = {}): BackendStorage {
  const records: Records = {
    workspaces: new Map(),
    current: undefined,
    releases: new Map(),
    journals: new Map(),
    locks: new Map(),
    generations: new Map(),
    dataKey: undefined,
  };
  return { open: () => openBackend(records, defects) };
}
