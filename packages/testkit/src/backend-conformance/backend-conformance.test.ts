/** The suite passes a correct backend, and names the rule a broken one breaks. */
import type { Backend } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../test/memory-backend.js';
import { backendConformanceChecks } from './backend-conformance-checks.js';
import { describeBackendConformance } from './describe-backend-conformance.js';
import { runBackendConformanceCheck } from './run-backend-conformance-check.js';
import type { BackendConformanceCheck } from './types.js';

describeBackendConformance({ name: 'in-memory', createStorage: () => createMemoryStorage() });

function check(name: string): BackendConformanceCheck {
  const found = backendConformanceChecks.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no check ${name}`);
  return found;
}

/** The in-memory backend with one behaviour replaced. */
function broken(change: (backend: Backend) => Partial<Backend>) {
  return () => {
    const storage = createMemoryStorage();
    return {
      async open() {
        const backend = await storage.open();
        return { ...backend, ...change(backend) };
      },
    };
  };
}

describe('backend conformance against broken backends', () => {
  it('has unique, kebab-case check names', () => {
    const names = backendConformanceChecks.map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('fails a backend whose create overwrites an existing revision', async () => {
    const createStorage = broken(({ releases }) => ({
      releases: {
        ...releases,
        create: (release, write) =>
          releases.create(release, write).catch(() => releases.update(release, write)),
      },
    }));
    await expect(
      runBackendConformanceCheck(check('release-create-conflict'), { createStorage }),
    ).rejects.toThrow();
    await expect(
      runBackendConformanceCheck(check('release-create-race'), { createStorage }),
    ).rejects.toThrow();
  });

  it('fails a backend that lists revisions as text (10 before 9)', async () => {
    const createStorage = broken(({ releases }) => ({
      releases: {
        ...releases,
        list: async (scope) =>
          [...(await releases.list(scope))].sort((a, b) =>
            String(a.revision).localeCompare(String(b.revision)),
          ),
      },
    }));
    await expect(
      runBackendConformanceCheck(check('release-lifecycle'), { createStorage }),
    ).rejects.toThrow();
  });

  it('fails a backend that lets anyone take a held lock', async () => {
    const createStorage = broken(({ locks }) => ({
      locks: {
        ...locks,
        tryAcquire: async (request) => {
          const result = await locks.tryAcquire(request);
          return 'lock' in result
            ? result
            : locks.tryAcquire({ ...request, replaceHolderId: result.holder.id });
        },
      },
    }));
    await expect(
      runBackendConformanceCheck(check('lock-race'), { createStorage }),
    ).rejects.toThrow();
  });

  it('fails a backend whose update forgets the journal', async () => {
    const createStorage = broken(({ releases }) => ({
      releases: {
        ...releases,
        openJournal: async (scope, revision, write) => {
          const journal = await releases.openJournal(scope, revision, write);
          return { append: () => Promise.resolve(), close: () => journal.close() };
        },
      },
    }));
    await expect(
      runBackendConformanceCheck(check('journal-replay-and-fold'), { createStorage }),
    ).rejects.toThrow();
  });

  it('fails a backend that writes for a holder who lost the lock', async () => {
    const createStorage = () => createMemoryStorage({ ignoresFences: true });
    for (const name of ['fence-force-released', 'fence-taken-over']) {
      await expect(runBackendConformanceCheck(check(name), { createStorage })).rejects.toThrow();
    }
  });

  it('fails a backend that hands out a generation twice', async () => {
    const createStorage = () => createMemoryStorage({ reusesGenerations: true });
    await expect(
      runBackendConformanceCheck(check('lock-generations'), { createStorage }),
    ).rejects.toThrow();
  });

  it('fails a backend that replays entries a fenced-out writer slipped in', async () => {
    const createStorage = () =>
      createMemoryStorage({ replaysLateEntries: true, ignoresFences: true });
    await expect(
      runBackendConformanceCheck(check('fence-late-journal-entry'), { createStorage }),
    ).rejects.toThrow();
  });

  it('fails a backend whose lock lets two racing runs write at once', async () => {
    const createStorage = broken(({ locks }) => ({
      locks: {
        ...locks,
        tryAcquire: async (request) => {
          const result = await locks.tryAcquire(request);
          return 'lock' in result
            ? result
            : locks.tryAcquire({ ...request, replaceHolderId: result.holder.id });
        },
      },
    }));
    await expect(
      runBackendConformanceCheck(check('race-ten-writers'), { createStorage }),
    ).rejects.toThrow();
  });

  it('fails a data key store that tells every racing first writer it won', async () => {
    // Last writer wins, and every writer is told it won.
    const createStorage = broken(({ keys }) => ({
      keys: {
        ...keys!,
        async put(key) {
          const current = await keys!.get();
          await keys!.put(key, current ? { ifMatch: current.version } : { ifAbsent: true });
          return { stored: true, version: 'any' };
        },
      },
    }));
    await expect(
      runBackendConformanceCheck(check('data-key-create-race'), { createStorage }),
    ).rejects.toThrow();
  });

  it('fails a data key store whose re-wrap ignores the version the writer read', async () => {
    // A rotation that lost its condition retries over whatever is there until it wins: the last
    // one stays, and every one is told it won.
    const createStorage = broken(({ keys }) => ({
      keys: {
        ...keys!,
        async put(key, condition) {
          if ('ifAbsent' in condition) return keys!.put(key, condition);
          for (;;) {
            const current = await keys!.get();
            const outcome = await keys!.put(key, { ifMatch: current?.version ?? '' });
            if (outcome.stored) return outcome;
          }
        },
      },
    }));
    await expect(
      runBackendConformanceCheck(check('data-key-rewrap-race'), { createStorage }),
    ).rejects.toThrow();
  });

  it('runs the crash check only with a child process, and reports it skipped otherwise', async () => {
    const crash = check('crash-mid-write');
    expect(crash.needsChildProcess).toBe(true);
    await expect(
      runBackendConformanceCheck(crash, { createStorage: () => createMemoryStorage() }),
    ).rejects.toThrow('needs the childProcess option');
  });

  it('closes every backend a check opened and then removes the storage, even when it fails', async () => {
    const events: string[] = [];
    const storage = createMemoryStorage();
    const failing: BackendConformanceCheck = {
      name: 'failing',
      title: 'opens two backends, then fails',
      async run(target) {
        await target.open();
        await target.open();
        throw new Error('broken rule');
      },
    };
    await expect(
      runBackendConformanceCheck(failing, {
        createStorage: () => ({
          async open() {
            const backend = await storage.open();
            return { ...backend, close: () => Promise.resolve(void events.push('close')) };
          },
          remove: () => {
            events.push('remove');
            throw new Error('cleanup failed too');
          },
        }),
      }),
    ).rejects.toThrow('broken rule');
    expect(events).toEqual(['close', 'close', 'remove']);
  });
});
