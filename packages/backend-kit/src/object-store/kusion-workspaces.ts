/**
 * KusionStack Kusion's workspaces under the same prefix (kusion-layout.ts): listed and
 * usable here, and never overwritten or deleted. A name Kusion's `workspaces/.metadata.yml` lists
 * is Kusion's; every other name is ours, stored as before.
 *
 * Migrated on first write, not read-only: a workspace's name keys its release history
 * (`releases/<project>/<workspace>/`), so a read-only workspace would force a new name and leave
 * that history, and the state of what is deployed, behind. Not rewritten in place either: Kusion's
 * object sits at the very key ours would (`workspaces/<name>.yaml`), and a team switching over may
 * still run Kusion on the bucket, or go back to it: it must find its files as it left them. So:
 *
 * - `update` writes our copy, `migrated-workspaces/<name>.yaml`, which is read instead of Kusion's
 *   object from then on (Kusion keeps reading its own, unchanged);
 * - `delete` writes the marker `migrated-workspaces/<name>.deleted`, which hides the name whatever
 *   else is there (and then removes our copy); `create` of that name writes a copy and removes
 *   the marker, in that order, so a crash in between leaves it deleted, never half-made;
 * - the selection is ours (`current-workspace`); without one, Kusion's `current` is.
 */
import type { KusionError, Workspace, WorkspaceStore } from '@kusion/sdk';
import { parseKusionWorkspacesMetadata } from '../kusion-workspace-codec.js';
import type { KusionWorkspacesMetadata } from '../kusion-workspace-codec.js';
import { serializeCurrentWorkspace } from '../workspace-codec.js';
import { workspaceExistsError, workspaceNotFoundError } from '../workspace-errors.js';
import { KUSION_WORKSPACES_METADATA_KEY } from './kusion-layout.js';
import { DELETED_WORKSPACE_SUFFIX, MIGRATED_WORKSPACE_SUFFIX } from './layout.js';
import type { ObjectLayout } from './layout.js';
import { placeOf } from './object-store.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { busy, parseWorkspace, RACE_ATTEMPTS, serializeWorkspace } from './workspace-store.js';

interface Migrated {
  /** Kusion workspaces with a copy of ours. */
  readonly copies: ReadonlySet<string>;
  /** Kusion workspaces deleted here. */
  readonly deleted: ReadonlySet<string>;
}

/**
 * The results of reads made in parallel; when several fail, the first in `reads` is the failure
 * reported (ours before Kusion's), so a user meets the same message every time.
 */
async function inOrder<T extends readonly unknown[]>(
  reads: readonly Promise<unknown>[],
): Promise<T> {
  const settled: PromiseSettledResult<unknown>[] = await Promise.allSettled(reads);
  const values: unknown[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values as unknown as T;
}

function namesWithSuffix(names: readonly string[], suffix: string): Set<string> {
  return new Set(
    names.filter((name) => name.endsWith(suffix)).map((name) => name.slice(0, -suffix.length)),
  );
}

/** `ours` (the workspaces under `workspaces/`) with Kusion's read in place beside them. */
export function withKusionWorkspaces(
  ours: WorkspaceStore,
  store: ObjectStore,
  layout: ObjectLayout,
): WorkspaceStore {
  async function kusion(): Promise<KusionWorkspacesMetadata> {
    const object = await store.get(KUSION_WORKSPACES_METADATA_KEY);
    return parseKusionWorkspacesMetadata(
      object?.body,
      placeOf(store, KUSION_WORKSPACES_METADATA_KEY),
    );
  }
  const isKusions = async (name: string): Promise<boolean> =>
    (await kusion()).available.includes(name);

  async function migrated(): Promise<Migrated> {
    const { objects } = await store.list(layout.migratedWorkspacesFolder);
    const names = objects.map(({ name }) => name);
    return {
      copies: namesWithSuffix(names, MIGRATED_WORKSPACE_SUFFIX),
      deleted: namesWithSuffix(names, DELETED_WORKSPACE_SUFFIX),
    };
  }

  async function list(): Promise<readonly string[]> {
    const [stored, metadata, { copies, deleted }] = await inOrder<
      [readonly string[], KusionWorkspacesMetadata, Migrated]
    >([ours.list(), kusion(), migrated()]);
    const kusions = new Set(metadata.available);
    const names = new Set(stored.filter((name) => !kusions.has(name)));
    for (const name of kusions) {
      // `stored` holds Kusion's own objects too: they sit under `workspaces/` like ours.
      if (!deleted.has(name) && (stored.includes(name) || copies.has(name))) names.add(name);
    }
    return [...names].sort();
  }

  const isDeleted = async (name: string): Promise<boolean> =>
    (await store.etagOf(layout.deletedWorkspaceKey(name))) !== undefined;

  /**
   * A Kusion workspace as this backend holds it: our copy, else Kusion's object (`object`, when
   * the caller already read it).
   */
  async function getKusions(name: string, object?: Workspace): Promise<Workspace | undefined> {
    const copyKey = layout.migratedWorkspaceKey(name);
    const [deleted, copy] = await inOrder<[boolean, StoredObject | undefined]>([
      isDeleted(name),
      store.get(copyKey),
    ]);
    if (deleted) return undefined;
    if (copy) return await parseWorkspace(copy.body, store.describe(copyKey), name);
    return object ?? ours.get(name);
  }

  const notFound = async (name: string): Promise<KusionError> =>
    workspaceNotFoundError(name, await list());

  /** Writes our copy of a Kusion workspace, replacing only the copy this call read. */
  async function writeCopy(workspace: Workspace): Promise<void> {
    const key = layout.migratedWorkspaceKey(workspace.name);
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const etag = await store.etagOf(key);
      const outcome = await store.put(
        key,
        await serializeWorkspace(workspace),
        etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag },
      );
      if (!('conflict' in outcome)) return;
    }
    throw busy(workspace.name);
  }

  async function getCurrent(): Promise<string | undefined> {
    const selected = await ours.getCurrent();
    if (selected !== undefined) return selected;
    const { current } = await kusion();
    return current !== undefined && !(await isDeleted(current)) ? current : undefined;
  }

  return {
    list,
    getCurrent,

    async get(name) {
      // Ours (or Kusion's object at the same key) and Kusion's list, read together.
      const [stored, metadata] = await inOrder<[Workspace | undefined, KusionWorkspacesMetadata]>([
        ours.get(name),
        kusion(),
      ]);
      return metadata.available.includes(name) ? getKusions(name, stored) : stored;
    },

    async create(workspace) {
      if (!(await isKusions(workspace.name))) {
        await ours.create(workspace);
        return;
      }
      const marker = await store.etagOf(layout.deletedWorkspaceKey(workspace.name));
      if (marker === undefined) throw workspaceExistsError(workspace.name, await list());
      // Copy first: until the marker goes, the name stays deleted.
      await store.put(
        layout.migratedWorkspaceKey(workspace.name),
        await serializeWorkspace(workspace),
      );
      if ((await store.delete(layout.deletedWorkspaceKey(workspace.name), marker)) === 'changed') {
        throw busy(workspace.name);
      }
    },

    async update(workspace) {
      if (!(await isKusions(workspace.name))) {
        await ours.update(workspace);
        return;
      }
      if ((await getKusions(workspace.name)) === undefined) throw await notFound(workspace.name);
      await writeCopy(workspace);
    },

    async delete(name) {
      if (!(await isKusions(name))) {
        await ours.delete(name);
        return;
      }
      if ((await getKusions(name)) === undefined) throw await notFound(name);
      // As for ours: clear the selection first, so it never points at nothing.
      if ((await ours.getCurrent()) === name) await ours.setCurrent(undefined);
      const outcome = await store.put(layout.deletedWorkspaceKey(name), `${name}\n`, {
        ifNoneMatch: '*',
      });
      if ('conflict' in outcome) throw await notFound(name);
      await store.delete(layout.migratedWorkspaceKey(name));
    },

    async setCurrent(name) {
      if (name === undefined || !(await isKusions(name))) {
        await ours.setCurrent(name);
        return;
      }
      if ((await getKusions(name)) === undefined) throw await notFound(name);
      await store.put(layout.currentWorkspaceKey, serializeCurrentWorkspace(name));
    },
  };
}
