/**
 * google.cloud.resourcemanager.v3.Folders: `folders/{number}` under an organization or another
 * folder. The folder constraints (display name unique among ACTIVE siblings, depth, no cycles, a
 * parent that is not deleted) are checked when the operation runs and fail it with
 * FAILED_PRECONDITION and a PreconditionFailure, as GCP reports them; deleting a folder that
 * still holds ACTIVE folders or projects is refused at once.
 */
import type { Handler, ServiceImplementation } from '../grpc-server.ts';
import { paginate } from '../pagination.ts';
import { aborted, failedPrecondition, invalidArgument, missingField } from '../rpc-error.ts';
import { compileQuery } from '../search-query.ts';
import type { FolderRecord, ResourceStore } from '../store.ts';
import { newEtag } from '../store.ts';
import { maskPaths } from '../update-mask.ts';
import { checkFolderDisplayName } from '../validation.ts';
import { timestamp, type FieldMask, type Paged, type Timestamp } from '../wire-types.ts';
import { V3, type Backend } from './backend.ts';
import { iamMethods } from './iam-methods.ts';

interface FolderMessage {
  readonly name?: string;
  readonly parent?: string;
  readonly display_name?: string;
  readonly state?: string;
  readonly create_time?: Timestamp;
  readonly update_time?: Timestamp;
  readonly delete_time?: Timestamp;
  readonly etag?: string;
}

interface NameRequest {
  readonly name?: string;
}
interface ListFoldersRequest extends Paged {
  readonly parent?: string;
  readonly show_deleted?: boolean;
}
interface SearchFoldersRequest extends Paged {
  readonly query?: string;
}
interface CreateFolderRequest {
  readonly folder?: FolderMessage;
}
interface UpdateFolderRequest {
  readonly folder?: FolderMessage;
  readonly update_mask?: FieldMask;
}
interface MoveFolderRequest {
  readonly name?: string;
  readonly destination_parent?: string;
}

const FOLDER = `${V3}.Folder`;
/** Folders nest at most this deep below their organization. */
const MAX_FOLDER_DEPTH = 10;

function folderMessage(folder: FolderRecord): FolderMessage {
  return {
    name: folder.name,
    parent: folder.parent,
    display_name: folder.displayName,
    state: folder.state,
    create_time: timestamp(folder.createTime),
    update_time: timestamp(folder.updateTime),
    ...(folder.deleteTime ? { delete_time: timestamp(folder.deleteTime) } : {}),
    etag: folder.etag,
  };
}

export function foldersService(backend: Backend): ServiceImplementation {
  const { store, access } = backend;

  const activeFolder = (name: string | undefined, permission: string): FolderRecord => {
    const folder = access.folder(name, permission);
    if (folder.state !== 'ACTIVE') {
      throw failedPrecondition(
        `Folder ${folder.name} is in state ${folder.state} and cannot be changed; undelete it first.`,
      );
    }
    return folder;
  };
  const touch = (folder: FolderRecord): FolderMessage => {
    folder.updateTime = new Date();
    folder.etag = newEtag();
    return folderMessage(folder);
  };

  const getFolder: Handler<NameRequest> = (request) =>
    folderMessage(access.folder(request.name, 'resourcemanager.folders.get'));

  const listFolders: Handler<ListFoldersRequest> = (request) => {
    const parent = access.container(request.parent, 'resourcemanager.folders.list');
    const folders = [...store.folders.values()]
      .filter(
        (folder) =>
          folder.parent === parent.name &&
          access.isVisible(folder.name) &&
          (request.show_deleted === true || folder.state === 'ACTIVE'),
      )
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.name.localeCompare(b.name));
    const page = paginate(folders, request);
    return { folders: page.items.map(folderMessage), ...page.next };
  };

  const searchFolders: Handler<SearchFoldersRequest> = (request) => {
    const query = compileQuery(request.query, searchFields, 'AND');
    const mentionsState = query.fields.has('state') || query.fields.has('lifecyclestate');
    const folders = [...store.folders.values()].filter(
      (folder) =>
        access.isAllowed(folder.name, 'resourcemanager.folders.get') &&
        (mentionsState || folder.state === 'ACTIVE') &&
        query.matches(folder),
    );
    const page = paginate(folders, request);
    return { folders: page.items.map(folderMessage), ...page.next };
  };

  const createFolder: Handler<CreateFolderRequest> = (request, context) => {
    const folder = request.folder;
    if (!folder) throw missingField('folder');
    const parent = access.container(
      folder.parent,
      'resourcemanager.folders.create',
      'folder.parent',
    );
    const displayName = checkFolderDisplayName(folder.display_name, 'folder.display_name');
    return context.startOperation({
      metadataType: `${V3}.CreateFolderMetadata`,
      metadata: () => ({ display_name: displayName, parent: parent.name }),
      responseType: FOLDER,
      commit: () => {
        checkPlacement(store, displayName, parent.name, undefined);
        const now = new Date();
        const created: FolderRecord = {
          name: `folders/${store.nextNumber('folder')}`,
          parent: parent.name,
          displayName,
          state: 'ACTIVE',
          createTime: now,
          updateTime: now,
          deleteTime: undefined,
          etag: newEtag(),
        };
        store.folders.set(created.name, created);
        return folderMessage(created);
      },
    });
  };

  const updateFolder: Handler<UpdateFolderRequest> = (request, context) => {
    const update = request.folder;
    if (!update) throw missingField('folder');
    const folder = activeFolder(update.name, 'resourcemanager.folders.update');
    const paths = maskPaths(request.update_mask, ['display_name']);
    if (!paths?.length) {
      throw invalidArgument('update_mask is required: only display_name can be updated.', [
        { field: 'update_mask', description: 'required' },
      ]);
    }
    if (update.etag && update.etag !== folder.etag)
      throw aborted(`The etag of ${folder.name} does not match: it was changed concurrently.`);
    const displayName = checkFolderDisplayName(update.display_name, 'folder.display_name');
    return context.startOperation({
      metadataType: `${V3}.UpdateFolderMetadata`,
      responseType: FOLDER,
      commit: () => {
        checkPlacement(store, displayName, folder.parent, folder);
        folder.displayName = displayName;
        return touch(folder);
      },
    });
  };

  const moveFolder: Handler<MoveFolderRequest> = (request, context) => {
    const folder = activeFolder(request.name, 'resourcemanager.folders.move');
    const destination = access.container(
      request.destination_parent,
      'resourcemanager.folders.move',
      'destination_parent',
    );
    const sourceParent = folder.parent;
    return context.startOperation({
      metadataType: `${V3}.MoveFolderMetadata`,
      metadata: () => ({
        display_name: folder.displayName,
        source_parent: sourceParent,
        destination_parent: destination.name,
      }),
      responseType: FOLDER,
      commit: () => {
        checkPlacement(store, folder.displayName, destination.name, folder);
        folder.parent = destination.name;
        return touch(folder);
      },
    });
  };

  const deleteFolder: Handler<NameRequest> = (request, context) => {
    const folder = access.folder(request.name, 'resourcemanager.folders.delete');
    const children = folder.state === 'ACTIVE' ? store.activeChildren(folder.name) : [];
    if (children.length) {
      // GCP's message is "Precondition check failed."; the details say why.
      throw failedPrecondition(
        `Folder cannot be deleted as it contains active resources: ${children.join(', ')}.`,
        children.map((child) => ({
          type: 'FOLDER_TO_DELETE_NON_EMPTY_VIOLATION',
          subject: child,
          description: 'The folder the caller is trying to delete contains active resources.',
        })),
      );
    }
    return context.startOperation({
      metadataType: `${V3}.DeleteFolderMetadata`,
      responseType: FOLDER,
      commit: () => {
        if (folder.state !== 'ACTIVE') return folderMessage(folder);
        folder.state = 'DELETE_REQUESTED';
        folder.deleteTime = new Date();
        return touch(folder);
      },
    });
  };

  const undeleteFolder: Handler<NameRequest> = (request, context) => {
    const folder = access.folder(request.name, 'resourcemanager.folders.undelete');
    return context.startOperation({
      metadataType: `${V3}.UndeleteFolderMetadata`,
      responseType: FOLDER,
      commit: () => {
        // An ACTIVE folder is a no-op success.
        if (folder.state === 'ACTIVE') return folderMessage(folder);
        checkPlacement(store, folder.displayName, folder.parent, folder);
        folder.state = 'ACTIVE';
        folder.deleteTime = undefined;
        return touch(folder);
      },
    });
  };

  return {
    service: `${V3}.Folders`,
    methods: {
      GetFolder: getFolder,
      ListFolders: listFolders,
      SearchFolders: searchFolders,
      CreateFolder: createFolder,
      UpdateFolder: updateFolder,
      MoveFolder: moveFolder,
      DeleteFolder: deleteFolder,
      UndeleteFolder: undeleteFolder,
      ...iamMethods(backend, {
        permissionPrefix: 'resourcemanager.folders',
        resolve: (resource, permission) => access.folder(resource, permission).name,
        allowsPublicMembers: true,
      }),
    },
  };
}

/**
 * Whether `folder` (a new one when undefined) may be ACTIVE under `parent` with `displayName`:
 * the folder constraints of GCP, reported as it reports them.
 */
function checkPlacement(
  store: ResourceStore,
  displayName: string,
  parent: string,
  folder: FolderRecord | undefined,
): void {
  const violation = (type: string, description: string) =>
    failedPrecondition(
      `Folder reservation failed for parent [${parent}], folder [${folder?.name ?? ''}] due to constraint: ${description}`,
      [{ type, subject: parent, description }],
    );
  if (store.container(parent)?.state !== 'ACTIVE')
    throw violation('PARENT_DELETED_VIOLATION', 'The destination resource has been deleted.');
  if (folder && (parent === folder.name || store.ancestors(parent).includes(folder.name))) {
    throw violation(
      'CYCLE_INTRODUCED_VIOLATION',
      'The attempted action would introduce cycle in resource path.',
    );
  }
  const isTaken = [...store.folders.values()].some(
    (sibling) =>
      sibling !== folder &&
      sibling.parent === parent &&
      sibling.state === 'ACTIVE' &&
      sibling.displayName === displayName,
  );
  if (isTaken) {
    throw violation(
      'FOLDER_NAME_UNIQUENESS_VIOLATION',
      `The folder operation violates display name uniqueness within the parent: ${displayName}.`,
    );
  }
  const depth = folderDepth(store, parent) + 1 + (folder ? heightBelow(store, folder.name) : 0);
  if (depth > MAX_FOLDER_DEPTH) {
    throw violation(
      'ACTIVE_FOLDER_HEIGHT_VIOLATION',
      `The attempted action would violate the max active folder depth constraint (${MAX_FOLDER_DEPTH}).`,
    );
  }
}

/** How many folders deep a container is (an organization is 0). */
function folderDepth(store: ResourceStore, container: string): number {
  return [container, ...store.ancestors(container)].filter((name) => name.startsWith('folders/'))
    .length;
}

/** How many levels of ACTIVE folders hang below a folder. */
function heightBelow(store: ResourceStore, folder: string): number {
  let height = 0;
  for (const child of store.folders.values()) {
    if (child.parent === folder && child.state === 'ACTIVE')
      height = Math.max(height, 1 + heightBelow(store, child.name));
  }
  return height;
}

const searchFields = {
  isKnown: (field: string) => ['displayname', 'parent', 'state', 'lifecyclestate'].includes(field),
  values(field: string, folder: FolderRecord): readonly string[] {
    if (field === 'displayname') return [folder.displayName];
    if (field === 'parent') return [folder.parent];
    return [folder.state];
  },
};
