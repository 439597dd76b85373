/**
 * `Folder`: a display name unique among its active siblings, under an organization or a folder.
 * Folders have no immutable field: a new display name is an update, a new parent a move. A folder
 * is found by its name (`folders/N`) when known, else by display name under its parent. Deleting
 * one needs it empty: what still holds it is listed, since kusion deletes what it manages first.
 */
import type { Attributes } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import type { protos } from '@google-cloud/resource-manager';
import { orAbsent } from '../client/absent.js';
import { readCall } from '../client/calls.js';
import { operationResult } from '../client/operations.js';
import { failureError } from '../client/provider-errors.js';
import { asRpcFailure, Status } from '../client/rpc-errors.js';
import { defined, stringAt, withoutEmpty } from '../model/attributes.js';
import { container, folderDisplayName, pattern } from '../model/fields.js';
import { idName } from '../model/kinds.js';
import { isKnownString } from '../model/names.js';
import { runOperation } from './kind-handler.js';
import type { KindContext, KindHandler } from './kind-handler.js';

type FolderMessage = protos.google.cloud.resourcemanager.v3.IFolder;

export const folderHandler: KindHandler = {
  kind: 'Folder',
  fields: {
    displayName: {
      check: folderDisplayName,
      description:
        'unique among the active folders of its parent (default: the last part of the resource id)',
    },
    parent: {
      check: container,
      description: 'the organization or folder it is in (default: providers.gcp.parent)',
    },
    name: {
      check: pattern(/^folders\/\d+$/, '"folders/<number>"'),
      description: 'adopts this existing folder (optional)',
    },
  },

  desired(id, attributes, settings) {
    return defined({
      kind: 'Folder',
      name: attributes['name'],
      displayName: attributes['displayName'] ?? idName(id),
      parent: attributes['parent'] ?? settings.parent,
    });
  },

  canonicalize: (desired) => Promise.resolve(desired),

  async lookup(identity, context) {
    const name = stringAt(identity, 'name');
    if (isKnownString(name)) {
      const folder = await getFolder(name, context);
      return folder?.state === 'ACTIVE' ? { live: normalizeFolder(folder) } : undefined;
    }
    const parent = stringAt(identity, 'parent');
    const displayName = stringAt(identity, 'displayName');
    if (!isKnownString(parent) || !isKnownString(displayName)) return undefined;
    const folder = (await listFolders(parent, context)).find(
      (candidate) => candidate.displayName === displayName,
    );
    return folder && { live: normalizeFolder(folder) };
  },

  immutable: [{ field: 'name', why: 'it names another folder' }],

  async apply(desired, existing, context) {
    const displayName = stringAt(desired, 'displayName') ?? '';
    if (!existing) {
      const parent = stringAt(desired, 'parent');
      if (parent === undefined)
        throw new ProviderError(`folder "${displayName}" has no parent`, {
          resourceId: context.resourceId,
          hint: 'set attributes.parent, or providers.gcp.parent in the workspace',
        });
      const operation = await runOperation(
        context,
        `creating folder "${displayName}" in ${parent}`,
        () => context.run.clients.folders.createFolder({ folder: { displayName, parent } }),
      );
      return reread(stringAt(operationResult(operation) ?? {}, 'name') ?? '', context);
    }
    const name = stringAt(existing.live, 'name') ?? '';
    if (displayName !== stringAt(existing.live, 'displayName')) {
      context.report(`renaming to "${displayName}"`);
      await runOperation(context, `renaming folder ${name} to "${displayName}"`, () =>
        context.run.clients.folders.updateFolder({
          folder: { name, displayName },
          updateMask: { paths: ['display_name'] },
        }),
      );
    }
    const parent = stringAt(desired, 'parent');
    if (parent !== undefined && parent !== stringAt(existing.live, 'parent')) {
      context.report(`moving to ${parent}`);
      await runOperation(context, `moving folder "${displayName}" (${name}) to ${parent}`, () =>
        context.run.clients.folders.moveFolder({ name, destinationParent: parent }),
      );
    }
    return reread(name, context);
  },

  async delete(recorded, context) {
    const name = stringAt(recorded, 'name');
    if (!isKnownString(name)) return;
    const folder = await getFolder(name, context);
    if (folder?.state !== 'ACTIVE') return;
    const doing = `deleting folder "${folder.displayName ?? ''}" (${name})`;
    try {
      await runOperation(context, doing, () => context.run.clients.folders.deleteFolder({ name }));
    } catch (error) {
      const failure = asRpcFailure(error);
      if (failure?.code !== Status.FAILED_PRECONDITION) throw error;
      const holding = await folderContents(name, context);
      throw failureError(
        failure,
        { resourceId: context.resourceId, doing },
        holding.length
          ? 'move or delete them, then deploy again'
          : 'a folder must be empty to be deleted: move or delete what it holds, then deploy again',
        holding.length
          ? `it still holds ${holding.join(', ')}, which this stack does not manage (or could not delete)`
          : 'it is not empty',
      );
    }
  },
};

async function getFolder(name: string, context: KindContext): Promise<FolderMessage | undefined> {
  const answer = await orAbsent(
    readCall(() => context.run.clients.folders.getFolder({ name }), context.signal),
  );
  return answer?.[0];
}

/** The active folders of a parent (every page). */
async function listFolders(parent: string, context: KindContext): Promise<FolderMessage[]> {
  const answer = await orAbsent(
    readCall(() => context.run.clients.folders.listFolders({ parent }), context.signal),
  );
  return (answer?.[0] ?? []).filter((folder) => folder.state === 'ACTIVE');
}

/** The active folders and projects directly in a folder, by name: what blocks its deletion. */
async function folderContents(name: string, context: KindContext): Promise<string[]> {
  const [folders, projects] = await Promise.all([
    listFolders(name, context),
    orAbsent(
      readCall(() => context.run.clients.projects.listProjects({ parent: name }), context.signal),
    ),
  ]);
  return [
    ...folders.map((folder) => `${folder.name ?? ''} ("${folder.displayName ?? ''}")`),
    ...(projects?.[0] ?? [])
      .filter((project) => project.state === 'ACTIVE')
      .map((project) => `${project.name ?? ''} ("${project.projectId ?? ''}")`),
  ];
}

export function normalizeFolder(folder: FolderMessage): Attributes {
  return withoutEmpty({
    kind: 'Folder',
    name: folder.name,
    displayName: folder.displayName,
    parent: folder.parent,
  });
}

async function reread(name: string, context: KindContext): Promise<Attributes> {
  const folder = name ? await getFolder(name, context) : undefined;
  if (!folder)
    throw new ProviderError(
      `folder ${name || '(unnamed)'} cannot be read back after it was written`,
      {
        resourceId: context.resourceId,
        hint: 'the caller may lack resourcemanager.folders.get on it: grant roles/browser on the folder or its parent',
      },
    );
  return normalizeFolder(folder);
}
