/**
 * Workspaces as one YAML object each, plus the name of the selected one: `aws s3 cp
 * s3://…/workspaces/prod.yaml -` shows them as the user wrote them.
 */
import { parse, stringify } from 'yaml';
import { ConfigError, KusionError } from '@kusion/sdk';
import type { Workspace, WorkspaceStore } from '@kusion/sdk';
import { WORKSPACE_SUFFIX } from './layout.js';
import type { S3Layout } from './layout.js';
import type { ObjectStore } from './object-store.js';
import { assertPathSegment } from './path-segment.js';

/** Attempts of a replace or delete racing another writer of the same workspace. */
const RACE_ATTEMPTS = 3;

function busy(name: string): KusionError {
  return new KusionError(
    'STATE_CONFLICT',
    `workspace "${name}" kept changing while this command tried to change it`,
    { hint: 'Someone else is updating this workspace right now; run the command again.' },
  );
}

const serialize = (workspace: Workspace): string => stringify(workspace);

function parseWorkspace(text: string, where: string, name: string): Workspace {
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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError([{ message: 'a workspace must be a mapping', file: where }], {
      hint: `Recreate it with \`kusion workspace update ${name} -f <file>\`.`,
    });
  }
  // The key is the identity: an object copied to another name is that workspace.
  return { ...(value as Workspace), name };
}

export function createS3WorkspaceStore(store: ObjectStore, layout: S3Layout): WorkspaceStore {
  async function list(): Promise<readonly string[]> {
    const { objects } = await store.list(layout.workspacesFolder);
    return objects
      .map(({ name }) => name)
      .filter((name) => name.endsWith(WORKSPACE_SUFFIX) && !name.startsWith('.'))
      .map((name) => name.slice(0, -WORKSPACE_SUFFIX.length))
      .sort();
  }

  async function notFound(name: string): Promise<KusionError> {
    const existing = await list();
    return new KusionError('WORKSPACE_NOT_FOUND', `workspace "${name}" does not exist`, {
      hint: existing.length
        ? `Existing workspaces: ${existing.join(', ')}. Create it with \`kusion workspace create ${name} -f <file>\`.`
        : `No workspace exists yet. Create one with \`kusion workspace create ${name} -f <file>\`.`,
    });
  }

  async function getCurrent(): Promise<string | undefined> {
    const object = await store.get(layout.currentWorkspaceKey);
    const name = object?.body.trim();
    if (name === undefined || name === '') return undefined;
    try {
      return assertPathSegment(name, 'workspace name');
    } catch (error) {
      throw new KusionError(
        'STATE_CORRUPT',
        `${store.describe(layout.currentWorkspaceKey)} holds an invalid workspace name ${JSON.stringify(name)}`,
        { cause: error, hint: 'Select a workspace again with `kusion workspace switch <name>`.' },
      );
    }
  }

  async function setCurrent(name: string | undefined): Promise<void> {
    if (name === undefined) {
      await store.delete(layout.currentWorkspaceKey);
      return;
    }
    if ((await store.etagOf(layout.workspaceKey(name))) === undefined) throw await notFound(name);
    await store.put(layout.currentWorkspaceKey, `${name}\n`);
  }

  return {
    list,
    getCurrent,
    setCurrent,

    async get(name) {
      const key = layout.workspaceKey(name);
      const object = await store.get(key);
      return object && parseWorkspace(object.body, store.describe(key), name);
    },

    async create(workspace) {
      const key = layout.workspaceKey(workspace.name);
      const outcome = await store.put(key, serialize(workspace), { ifNoneMatch: '*' });
      if ('conflict' in outcome) {
        throw new KusionError('WORKSPACE_EXISTS', `workspace "${workspace.name}" already exists`, {
          hint: `Change it with \`kusion workspace update ${workspace.name} -f <file>\`, or choose another name (taken: ${(await list()).join(', ')}).`,
        });
      }
    },

    async update(workspace) {
      const key = layout.workspaceKey(workspace.name);
      // Only ever replace a workspace that exists: conditional on the ETag just seen.
      for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
        const etag = await store.etagOf(key);
        if (etag === undefined) break;
        const outcome = await store.put(key, serialize(workspace), { ifMatch: etag });
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
