/**
 * google.cloud.resourcemanager.v3.TagValues: `tagValues/{number}` under a TagKey, with an
 * immutable `short_name` unique in the key and a `namespaced_name`
 * `{organization id or project id}/{key short name}/{value short name}`. A value that is bound to
 * a resource or held by a TagHold cannot be deleted.
 */
import type { Handler, ServiceImplementation } from '../grpc-server.ts';
import { paginate } from '../pagination.ts';
import { alreadyExists, failedPrecondition, missingField, permissionDenied } from '../rpc-error.ts';
import type { Access } from '../access.ts';
import type { ResourceStore, TagValueRecord } from '../store.ts';
import { newEtag } from '../store.ts';
import { checkDescription, checkTagShortName } from '../validation.ts';
import { timestamp, type FieldMask, type Paged, type Timestamp } from '../wire-types.ts';
import { V3, type Backend } from './backend.ts';
import { iamMethods } from './iam-methods.ts';
import { findNamespacedKey } from './tag-keys.ts';
import { checkEtag, updatedDescription } from './tag-updates.ts';

interface TagValueMessage {
  readonly name?: string;
  readonly parent?: string;
  readonly short_name?: string;
  readonly namespaced_name?: string;
  readonly description?: string;
  readonly create_time?: Timestamp;
  readonly update_time?: Timestamp;
  readonly etag?: string;
}

interface NameRequest {
  readonly name?: string;
}
interface ListTagValuesRequest extends Paged {
  readonly parent?: string;
}
interface CreateTagValueRequest {
  readonly tag_value?: TagValueMessage;
  readonly validate_only?: boolean;
}
interface UpdateTagValueRequest {
  readonly tag_value?: TagValueMessage;
  readonly update_mask?: FieldMask;
  readonly validate_only?: boolean;
}
interface DeleteTagValueRequest {
  readonly name?: string;
  readonly validate_only?: boolean;
  readonly etag?: string;
}

const TAG_VALUE = `${V3}.TagValue`;

function tagValueMessage(value: TagValueRecord): TagValueMessage {
  return {
    name: value.name,
    parent: value.parent,
    short_name: value.shortName,
    namespaced_name: value.namespacedName,
    ...(value.description ? { description: value.description } : {}),
    create_time: timestamp(value.createTime),
    update_time: timestamp(value.updateTime),
    etag: value.etag,
  };
}

/** A value by `{organization id, project id or number}/{key short name}/{value short name}`. */
export function findNamespacedValue(
  store: ResourceStore,
  access: Access,
  namespacedName: string,
): TagValueRecord | undefined {
  const separator = namespacedName.lastIndexOf('/');
  const key = findNamespacedKey(store, access, namespacedName.slice(0, separator));
  const shortName = namespacedName.slice(separator + 1);
  return [...store.tagValues.values()].find(
    (value) =>
      key !== undefined &&
      value.parent === key.name &&
      value.shortName === shortName &&
      access.isAllowed(value.name, 'resourcemanager.tagValues.get'),
  );
}

export function tagValuesService(backend: Backend): ServiceImplementation {
  const { store, access, policies } = backend;

  const listTagValues: Handler<ListTagValuesRequest> = (request) => {
    const key = access.tagKey(request.parent, 'resourcemanager.tagValues.list', 'parent');
    const values = [...store.tagValues.values()].filter(
      (value) => value.parent === key.name && access.isVisible(value.name),
    );
    const page = paginate(values, request);
    return { tag_values: page.items.map(tagValueMessage), ...page.next };
  };

  const getTagValue: Handler<NameRequest> = (request) =>
    tagValueMessage(access.tagValue(request.name, 'resourcemanager.tagValues.get'));

  const getNamespacedTagValue: Handler<NameRequest> = (request) => {
    if (!request.name) throw missingField('name');
    const value = findNamespacedValue(store, access, request.name);
    if (value === undefined) throw permissionDenied('resourcemanager.tagValues.get', request.name);
    return tagValueMessage(value);
  };

  const createTagValue: Handler<CreateTagValueRequest> = (request, context) => {
    const requested = request.tag_value;
    if (!requested) throw missingField('tag_value');
    const key = access.tagKey(
      requested.parent,
      'resourcemanager.tagValues.create',
      'tag_value.parent',
    );
    const shortName = checkTagShortName(requested.short_name, 'tag_value.short_name');
    const description = requested.description ?? '';
    checkDescription(description, 'tag_value.description');
    const isTaken = [...store.tagValues.values()].some(
      (value) => value.parent === key.name && value.shortName === shortName,
    );
    if (isTaken)
      throw alreadyExists(`A TagValue with short name ${shortName} already exists in ${key.name}.`);
    return context.startOperation({
      metadataType: `${V3}.CreateTagValueMetadata`,
      responseType: TAG_VALUE,
      commit: () => {
        const now = new Date();
        const value: TagValueRecord = {
          name: request.validate_only ? '' : `tagValues/${store.nextNumber('tagValue')}`,
          parent: key.name,
          shortName,
          namespacedName: `${key.namespacedName}/${shortName}`,
          description,
          createTime: now,
          updateTime: now,
          etag: newEtag(),
        };
        if (!request.validate_only) store.tagValues.set(value.name, value);
        return tagValueMessage(value);
      },
    });
  };

  const updateTagValue: Handler<UpdateTagValueRequest> = (request, context) => {
    const update = request.tag_value;
    if (!update) throw missingField('tag_value');
    const value = access.tagValue(
      update.name,
      'resourcemanager.tagValues.update',
      'tag_value.name',
    );
    const description = updatedDescription(value, update, request.update_mask, 'tag_value');
    return context.startOperation({
      metadataType: `${V3}.UpdateTagValueMetadata`,
      responseType: TAG_VALUE,
      commit: () => {
        if (request.validate_only) return tagValueMessage({ ...value, description });
        value.description = description;
        value.updateTime = new Date();
        value.etag = newEtag();
        return tagValueMessage(value);
      },
    });
  };

  const deleteTagValue: Handler<DeleteTagValueRequest> = (request, context) => {
    const value = access.tagValue(request.name, 'resourcemanager.tagValues.delete');
    checkEtag(value, request.etag);
    const bindings = [...store.tagBindings.values()].filter(
      (binding) => binding.tagValue === value.name,
    );
    if (bindings.length) {
      throw failedPrecondition(
        `TagValue ${value.name} cannot be deleted: it is bound to ${bindings.map((binding) => binding.parent).join(', ')}.`,
      );
    }
    const holds = [...store.tagHolds.keys()].filter((hold) =>
      hold.startsWith(`${value.name}/tagHolds/`),
    );
    if (holds.length) {
      throw failedPrecondition(
        `TagValue ${value.name} cannot be deleted: it is held by ${holds.join(', ')}.`,
      );
    }
    return context.startOperation({
      metadataType: `${V3}.DeleteTagValueMetadata`,
      responseType: TAG_VALUE,
      commit: () => {
        if (!request.validate_only) {
          store.tagValues.delete(value.name);
          policies.delete(value.name);
        }
        return tagValueMessage(value);
      },
    });
  };

  return {
    service: `${V3}.TagValues`,
    methods: {
      ListTagValues: listTagValues,
      GetTagValue: getTagValue,
      GetNamespacedTagValue: getNamespacedTagValue,
      CreateTagValue: createTagValue,
      UpdateTagValue: updateTagValue,
      DeleteTagValue: deleteTagValue,
      ...iamMethods(backend, {
        permissionPrefix: 'resourcemanager.tagValues',
        resolve: (resource, permission) => access.tagValue(resource, permission, 'resource').name,
        allowsPublicMembers: true,
      }),
    },
  };
}
