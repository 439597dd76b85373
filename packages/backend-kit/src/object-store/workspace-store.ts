/**
 * Workspaces as one YAML object each, plus the name of the selected one: `aws s3 cp
 * s3://…/workspaces/prod.yaml -` or `az storage blob download … --name workspaces/prod.yaml`
 * shows them as the user wrote them.
 */
import type * as Yaml from 'yaml';
import { ConfigError, KusionError } from '@kusion/sdk';
import type { Workspace, WorkspaceStore } from '@kusion/sdk';
import {
  parseCurrentWorkspace,
  serializeCurrentWorkspace,
  workspaceFromDocument,
} from '../workspace-codec.js';
import { workspaceExistsError, workspaceNotFoundError } from '../workspace-errors.js';
import { workspaceNamesIn } from '../workspace-names.js';
import type { ObjectLayout } from './layout.js';
import type { ObjectStore } from './object-store.js';

/** Attempts of a replace or delete racing another writer of the same workspace. */
export const RACE_ATTEMPTS = 3;

export function busy(name: string): KusionError {
  return new KusionError(
    'STATE_CONFLICT',
    `workspace "${name}" kept changing while this command tried to change it`,
    { hint: 'Someone else is updating this workspace right now; run the command again.' },
  );
}

let yamlLibrary: Promise<typeof Yaml> | undefined;
/** Loaded on first use: a CLI run that reads no workspace (`--json` listings) never loads it. */
const yaml = (): Promise<typeof Yaml> => (yamlLibrary ??= import('yaml'));

export const serializeWorkspace = async (workspace: Workspace): Promise<string> =>
  (await yaml()).stringify(workspace);

/** A workspace object (ours, or KusionStack Kusion's: the same YAML mapping). */
export async function parseWorkspace(
  text: string,
  where: string,
  name: string,
): Promise<Workspace> {
  const { parse } = await yaml();
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new ConfigError(
      [
        {
          message: `not valid YAML (${(error as Error).message.split('\n')[0] ?? ''})`,
          file: where,
        },
      ],
      { hint: `Recreate it with \`kusion workspace update ${name} -f <file>\`.` },
    );
  }
  return workspaceFromDocument(value, where, name);
}

export function createObjectWorkspaceStore(
  store: ObjectStore,
  layout: ObjectLayout,
): WorkspaceStore {
  async function list(): Promise<readonly string[]> {
    const { objects } = await store.list(layout.workspacesFolder);
    return workspaceNamesIn(objects.map(({ name }) => name));
  }

  const notFound = async (name: string) => workspaceNotFoundError(name, await list());

  async function getCurrent(): Promise<string | undefined> {
    const object = await store.get(layout.currentWorkspaceKey);
    return parseCurrentWorkspace(object?.body, store.describe(layout.currentWorkspaceKey));
  }

  async function setCurrent(name: string | undefined): Promise<void> {
    if (name === undefined) {
      await store.delete(layout.currentWorkspaceKey);
      return;
    }
    if ((await store.etagOf(layout.workspaceKey(name))) === undefined) throw await notFound(name);
    await store.put(layout.currentWorkspaceKey, serializeCurrentWorkspace(name));
  }

  return {
    list,
    getCurrent,
    setCurrent,

    async get(name) {
      const key = layout.workspaceKey(name);
      const object = await store.get(key);
      return object && (await parseWorkspace(object.body, store.describe(key), name));
    },

    async create(workspace) {
      const key = layout.workspaceKey(workspace.name);
      const outcome = await store.put(key, await serializeWorkspace(workspace), {
        ifNoneMatch: '*',
      });
      if ('conflict' in outcome) {
        throw workspaceExistsError(workspace.name, await list());
      }
    },

    async update(workspace) {
      const key = layout.workspaceKey(workspace.name);
      // Only ever replace a workspace that exists: conditional on the ETag just seen.
      for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
        const etag = await store.etagOf(key);
        if (etag === undefined) break;
        const outcome = await store.put(key, await serializeWorkspace(workspace), {
          ifMatch: etag,
        });
        if (!('conflict' in outcome)) return;
        if (outcome.conflict === 'missing') break;
        if (attempt === RACE_ATTEMPTS) throw busy(workspace.name);
      }
      throw await notFound(workspace.name);
    },

    async delete(name) {
      const key = layout.workspaceKey(name);
      if ((await store.etagOf(key)) === undefined) throw await notFound(name);
      // Clear the selection first: a crash in between leaves an unselected workspace, never a
      // selection pointing at nothing.
      if ((await getCurrent()) === name) await setCurrent(undefined);
      for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
        const etag = await store.etagOf(key);
        if (etag === undefined) break;
        const outcome = await store.delete(key, etag);
        if (outcome === 'deleted') return;
        if (outcome === 'changed' && attempt === RACE_ATTEMPTS) throw busy(name);
      }
      throw await notFound(name);
    },
  };
}
