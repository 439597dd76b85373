/**
 * google.cloud.resourcemanager.v3.TagKeys: `tagKeys/{number}` under an organization or a project,
 * with an immutable `short_name` unique in its parent and a `namespaced_name`
 * `{organization id or project id}/{short_name}`. A key with values cannot be deleted; a key that
 * does not exist or cannot be seen is PERMISSION_DENIED.
 */
import type { Access } from '../access.ts';
import type { Handler, ServiceImplementation } from '../grpc-server.ts';
import { paginate } from '../pagination.ts';
import {
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  missingField,
  permissionDenied,
} from '../rpc-error.ts';
import type { ResourceStore, TagKeyRecord } from '../store.ts';
import { newEtag } from '../store.ts';
import { checkDescription, checkTagShortName } from '../validation.ts';
import { timestamp, type FieldMask, type Paged, type Timestamp } from '../wire-types.ts';
import { V3, type Backend } from './backend.ts';
import { iamMethods } from './iam-methods.ts';
import { checkEtag, updatedDescription } from './tag-updates.ts';

interface TagKeyMessage {
  readonly name?: string;
  readonly parent?: string;
  readonly short_name?: string;
  readonly namespaced_name?: string;
  readonly description?: string;
  readonly create_time?: Timestamp;
  readonly update_time?: Timestamp;
  readonly etag?: string;
  readonly purpose?: string;
  readonly purpose_data?: Readonly<Record<string, string>>;
}

interface NameRequest {
  readonly name?: string;
}
interface ListTagKeysRequest extends Paged {
  readonly parent?: string;
}
interface CreateTagKeyRequest {
  readonly tag_key?: TagKeyMessage;
  readonly validate_only?: boolean;
}
interface UpdateTagKeyRequest {
  readonly tag_key?: TagKeyMessage;
  readonly update_mask?: FieldMask;
  readonly validate_only?: boolean;
}
interface DeleteTagKeyRequest {
  readonly name?: string;
  readonly validate_only?: boolean;
  readonly etag?: string;
}

const TAG_KEY = `${V3}.TagKey`;

function tagKeyMessage(key: TagKeyRecord): TagKeyMessage {
  return {
    name: key.name,
    parent: key.parent,
    short_name: key.shortName,
    namespaced_name: key.namespacedName,
    ...(key.description ? { description: key.description } : {}),
    create_time: timestamp(key.createTime),
    update_time: timestamp(key.updateTime),
    etag: key.etag,
    ...(key.purpose ? { purpose: key.purpose, purpose_data: key.purposeData } : {}),
  };
}

/**
 * A tag parent as stored (`organizations/{id}`, `projects/{number}`) and the namespace it gives
 * names (`{id}` of the organization, project id of the project).
 */
export function tagParent(
  access: Access,
  parent: string | undefined,
  permission: string,
  field: string,
): { readonly name: string; readonly namespace: string } {
  if (!parent) throw missingField(field);
  if (parent.startsWith('organizations/')) {
    const organization = access.organization(parent, permission);
    return { name: organization.name, namespace: organization.name.split('/')[1] ?? '' };
  }
  if (parent.startsWith('projects/')) {
    const project = access.project(parent, permission);
    if (project.state !== 'ACTIVE')
      throw failedPrecondition(`Project ${project.name} is in state ${project.state}.`);
    return { name: project.name, namespace: project.projectId };
  }
  throw invalidArgument(
    `${field} must be organizations/{organization_id} or projects/{project_id or number}.`,
    [{ field, description: 'invalid parent' }],
  );
}

/** A key by `{organization id, project id or project number}/{short_name}`. */
export function findNamespacedKey(
  store: ResourceStore,
  access: Access,
  namespacedName: string,
): TagKeyRecord | undefined {
  const [namespace = '', shortName = '', ...rest] = namespacedName.split('/');
  if (rest.length) return undefined;
  const parents = [
    `organizations/${namespace}`,
    store.projectByReference(`projects/${namespace}`)?.name,
  ];
  return [...store.tagKeys.values()].find(
    (key) =>
      key.shortName === shortName &&
      parents.includes(key.parent) &&
      access.isAllowed(key.name, 'resourcemanager.tagKeys.get'),
  );
}

export function tagKeysService(backend: Backend): ServiceImplementation {
  const { store, access, policies } = backend;
  const touch = (key: TagKeyRecord): TagKeyMessage => {
    key.updateTime = new Date();
    key.etag = newEtag();
    return tagKeyMessage(key);
  };

  const listTagKeys: Handler<ListTagKeysRequest> = (request) => {
    const parent = tagParent(access, request.parent, 'resourcemanager.tagKeys.list', 'parent');
    const keys = [...store.tagKeys.values()].filter(
      (key) => key.parent === parent.name && access.isVisible(key.name),
    );
    const page = paginate(keys, request);
    return { tag_keys: page.items.map(tagKeyMessage), ...page.next };
  };

  const getTagKey: Handler<NameRequest> = (request) =>
    tagKeyMessage(access.tagKey(request.name, 'resourcemanager.tagKeys.get'));

  const getNamespacedTagKey: Handler<NameRequest> = (request) => {
    if (!request.name) throw missingField('name');
    const key = findNamespacedKey(store, access, request.name);
    if (key === undefined) throw permissionDenied('resourcemanager.tagKeys.get', request.name);
    return tagKeyMessage(key);
  };

  const createTagKey: Handler<CreateTagKeyRequest> = (request, context) => {
    const requested = request.tag_key;
    if (!requested) throw missingField('tag_key');
    const parent = tagParent(
      access,
      requested.parent,
      'resourcemanager.tagKeys.create',
      'tag_key.parent',
    );
    const shortName = checkTagShortName(requested.short_name, 'tag_key.short_name');
    const description = requested.description ?? '';
    checkDescription(description, 'tag_key.description');
    const purpose = requested.purpose === 'PURPOSE_UNSPECIFIED' ? undefined : requested.purpose;
    const purposeData = { ...requested.purpose_data };
    if (purpose === 'GCE_FIREWALL' && !purposeData['network']) {
      throw invalidArgument('purpose_data must name the network for purpose GCE_FIREWALL.', [
        { field: 'tag_key.purpose_data', description: 'network is required' },
      ]);
    }
    const isTaken = [...store.tagKeys.values()].some(
      (key) => key.parent === parent.name && key.shortName === shortName,
    );
    if (isTaken)
      throw alreadyExists(
        `A TagKey with short name ${shortName} already exists in ${parent.name}.`,
      );
    return context.startOperation({
      metadataType: `${V3}.CreateTagKeyMetadata`,
      responseType: TAG_KEY,
      commit: () => {
        const now = new Date();
        const key: TagKeyRecord = {
          name: request.validate_only ? '' : `tagKeys/${store.nextNumber('tagKey')}`,
          parent: parent.name,
          shortName,
          namespacedName: `${parent.namespace}/${shortName}`,
          description,
          purpose,
          purposeData,
          createTime: now,
          updateTime: now,
          etag: newEtag(),
        };
        if (!request.validate_only) store.tagKeys.set(key.name, key);
        return tagKeyMessage(key);
      },
    });
  };

  const updateTagKey: Handler<UpdateTagKeyRequest> = (request, context) => {
    const update = request.tag_key;
    if (!update) throw missingField('tag_key');
    const key = access.tagKey(update.name, 'resourcemanager.tagKeys.update', 'tag_key.name');
    const description = updatedDescription(key, update, request.update_mask, 'tag_key');
    return context.startOperation({
      metadataType: `${V3}.UpdateTagKeyMetadata`,
      responseType: TAG_KEY,
      commit: () => {
        if (request.validate_only) return tagKeyMessage({ ...key, description });
        key.description = description;
        return touch(key);
      },
    });
  };

  const deleteTagKey: Handler<DeleteTagKeyRequest> = (request, context) => {
    const key = access.tagKey(request.name, 'resourcemanager.tagKeys.delete');
    checkEtag(key, request.etag);
    const values = [...store.tagValues.values()].filter((value) => value.parent === key.name);
    if (values.length) {
      throw failedPrecondition(
        `TagKey ${key.name} cannot be deleted: it has TagValues (${values.map((value) => value.name).join(', ')}).`,
      );
    }
    return context.startOperation({
      metadataType: `${V3}.DeleteTagKeyMetadata`,
      responseType: TAG_KEY,
      commit: () => {
        if (!request.validate_only) {
          store.tagKeys.delete(key.name);
          policies.delete(key.name);
        }
        return tagKeyMessage(key);
      },
    });
  };

  return {
    service: `${V3}.TagKeys`,
    methods: {
      ListTagKeys: listTagKeys,
      GetTagKey: getTagKey,
      GetNamespacedTagKey: getNamespacedTagKey,
      CreateTagKey: createTagKey,
      UpdateTagKey: updateTagKey,
      DeleteTagKey: deleteTagKey,
      ...iamMethods(backend, {
        permissionPrefix: 'resourcemanager.tagKeys',
        resolve: (resource, permission) => access.tagKey(resource, permission, 'resource').name,
        allowsPublicMembers: true,
      }),
    },
  };
}
