/**
 * Workspaces as Secrets (a workspace may name credentials), one per name, and the selected one in
 * `kusion-current-workspace`. Creating is a `POST` that fails over an existing name; replacing and
 * deleting are conditional on the resourceVersion just read.
 */
import {
  assertWorkspaceName,
  parseCurrentWorkspace,
  serializeCurrentWorkspace,
  workspaceExistsError,
  workspaceFromDocument,
  workspaceNotFoundError,
} from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import type { Workspace, WorkspaceStore } from '@kusion/sdk';
import type { KubeObject, NamespaceObjects } from './client/namespace-objects.js';
import {
  ANNOTATION,
  CURRENT_WORKSPACE_NAME,
  LABEL,
  recordLabels,
  workspaceObjectName,
} from './layout.js';
import { secretData, secretText } from './secret-data.js';

const WORKSPACE_KEY = 'workspace.json';
const CURRENT_KEY = 'name';
/** Attempts of a replace or delete racing another writer of the same record. */
const RACE_ATTEMPTS = 3;

function busy(name: string): KusionError {
  return new KusionError(
    'STATE_CONFLICT',
    `workspace "${name}" kept changing while this command tried to change it`,
    { hint: 'Someone else is updating this workspace right now; run the command again.' },
  );
}

function workspaceSecret(workspace: Workspace, resourceVersion?: string): KubeObject {
  const name = assertWorkspaceName(workspace.name);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kusion.io/workspace',
    metadata: {
      name: workspaceObjectName(name),
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      labels: recordLabels('workspace', { workspace: name }),
      annotations: { [ANNOTATION.workspace]: name },
    },
    data: secretData(
      WORKSPACE_KEY,
      `${JSON.stringify(workspace, null, 2)}\n`,
      `workspace "${name}"`,
    ),
  };
}

function currentSecret(name: string, resourceVersion?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kusion.io/current-workspace',
    metadata: {
      name: CURRENT_WORKSPACE_NAME,
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      labels: recordLabels('current-workspace'),
    },
    data: secretData(CURRENT_KEY, serializeCurrentWorkspace(name), 'the current workspace'),
  };
}

export function createKubernetesWorkspaceStore(objects: NamespaceObjects): WorkspaceStore {
  async function list(): Promise<readonly string[]> {
    const listed = await objects.list('secrets', `${LABEL.record}=workspace`, {
      isMetadataOnly: true,
    });
    return listed
      .map((item) => item.metadata.annotations?.[ANNOTATION.workspace])
      .filter((name) => name !== undefined)
      .sort();
  }

  const notFound = async (name: string) => workspaceNotFoundError(name, await list());

  async function getCurrent(): Promise<string | undefined> {
    const object = await objects.get('secrets', CURRENT_WORKSPACE_NAME);
    return (
      object &&
      parseCurrentWorkspace(
        secretText(object, CURRENT_KEY) ?? '',
        objects.describe('secrets', CURRENT_WORKSPACE_NAME),
      )
    );
  }

  async function setCurrent(name: string | undefined): Promise<void> {
    if (name === undefined) {
      await objects.delete('secrets', CURRENT_WORKSPACE_NAME);
      return;
    }
    if ((await objects.get('secrets', workspaceObjectName(name))) === undefined) {
      throw await notFound(name);
    }
    for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
      const existing = await objects.get('secrets', CURRENT_WORKSPACE_NAME);
      const written = existing
        ? await objects.replace('secrets', currentSecret(name, existing.metadata.resourceVersion))
        : await objects.create('secrets', currentSecret(name));
      if (typeof written === 'object') return;
    }
    throw new KusionError(
      'STATE_CONFLICT',
      'the current workspace kept changing while this command tried to select one',
      { hint: 'Someone else is switching workspaces right now; run the command again.' },
    );
  }

  return {
    list,
    getCurrent,
    setCurrent,

    async get(name) {
      const objectName = workspaceObjectName(name);
      const object = await objects.get('secrets', objectName);
      if (object === undefined) return undefined;
      const where = objects.describe('secrets', objectName);
      const text = secretText(object, WORKSPACE_KEY);
      let document: unknown;
      try {
        document = JSON.parse(text ?? '');
      } catch (error) {
        throw new KusionError(
          'STATE_CORRUPT',
          `workspace ${where} is corrupt: ${WORKSPACE_KEY} is not JSON`,
          {
            cause: error,
            hint: `Recreate it with \`kusion workspace update ${name} -f <file>\`.`,
          },
        );
      }
      return workspaceFromDocument(document, where, name);
    },

    async create(workspace) {
      const created = await objects.create('secrets', workspaceSecret(workspace));
      if (created === 'exists') throw workspaceExistsError(workspace.name, await list());
    },

    async update(workspace) {
      const objectName = workspaceObjectName(workspace.name);
      for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
        const existing = await objects.get('secrets', objectName);
        if (existing === undefined) break;
        const written = await objects.replace(
          'secrets',
          workspaceSecret(workspace, existing.metadata.resourceVersion),
        );
        if (typeof written === 'object') return;
        if (written === 'missing') break;
        if (attempt === RACE_ATTEMPTS) throw busy(workspace.name);
      }
      throw await notFound(workspace.name);
    },

    async delete(name) {
      const objectName = workspaceObjectName(name);
      if ((await objects.get('secrets', objectName)) === undefined) throw await notFound(name);
      // Clear the selection first: a crash in between leaves an unselected workspace, never a
      // selection pointing at nothing.
      if ((await getCurrent()) === name) await setCurrent(undefined);
      for (let attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
        const existing = await objects.get('secrets', objectName);
        if (existing === undefined) break;
        const outcome = await objects.delete(
          'secrets',
          objectName,
          existing.metadata.resourceVersion,
        );
        if (outcome === 'deleted') return;
        if (outcome === 'conflict' && attempt === RACE_ATTEMPTS) throw busy(name);
      }
      throw await notFound(name);
    },
  };
}
