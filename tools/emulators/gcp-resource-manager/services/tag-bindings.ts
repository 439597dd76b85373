/**
 * google.cloud.resourcemanager.v3.TagBindings: a TagValue bound to a resource named by its full
 * resource name (`//cloudresourcemanager.googleapis.com/projects/{number}`), the binding named
 * `tagBindings/{url-encoded full resource name}/tagValues/{id}`. Resource Manager resources must
 * exist and be visible; other services' resources are taken as named. ListEffectiveTags adds the
 * tags inherited from folders and the organization, the nearest value of each key winning.
 */
import type { Handler, ServiceImplementation } from '../grpc-server.ts';
import { paginate } from '../pagination.ts';
import {
  alreadyExists,
  failedPrecondition,
  invalidArgument,
  missingField,
  notFound,
  permissionDenied,
} from '../rpc-error.ts';
import type { TagBindingRecord, TagKeyRecord, TagValueRecord } from '../store.ts';
import type { Paged } from '../wire-types.ts';
import { EMPTY, V3, type Backend } from './backend.ts';
import { findNamespacedValue } from './tag-values.ts';

interface TagBindingMessage {
  readonly name?: string;
  readonly parent?: string;
  readonly tag_value?: string;
  readonly tag_value_namespaced_name?: string;
}

interface ParentRequest extends Paged {
  readonly parent?: string;
}
interface CreateTagBindingRequest {
  readonly tag_binding?: TagBindingMessage;
  readonly validate_only?: boolean;
}
interface DeleteTagBindingRequest {
  readonly name?: string;
}

/** A binding's target: its full name and, for Resource Manager resources, its hierarchy name. */
interface Target {
  readonly fullName: string;
  readonly hierarchyName: string | undefined;
}

const RESOURCE_MANAGER = '//cloudresourcemanager.googleapis.com/';
const BINDING_NAME = /^tagBindings\/(.+)\/(tagValues\/[0-9]+)$/;

export function tagBindingsService(backend: Backend): ServiceImplementation {
  const { store, access } = backend;

  const target = (parent: string | undefined, verb: string, field: string): Target => {
    if (!parent) throw missingField(field);
    if (!parent.startsWith('//')) {
      throw invalidArgument(
        `${field} must be a full resource name such as ${RESOURCE_MANAGER}projects/123, got '${parent}'.`,
        [{ field, description: 'not a full resource name' }],
      );
    }
    if (!parent.startsWith(RESOURCE_MANAGER)) return { fullName: parent, hierarchyName: undefined };
    const name = parent.slice(RESOURCE_MANAGER.length);
    if (/^projects\/[0-9]+$/.test(name)) access.project(name, `resourcemanager.projects.${verb}`);
    else if (name.startsWith('folders/')) access.folder(name, `resourcemanager.folders.${verb}`);
    else if (name.startsWith('organizations/'))
      access.organization(name, `resourcemanager.organizations.${verb}`);
    else {
      throw invalidArgument(
        `${field} must name a project by its number, a folder or an organization, got '${parent}'.`,
        [{ field, description: 'projects are named by number in full resource names' }],
      );
    }
    return { fullName: parent, hierarchyName: name };
  };

  const keyOf = (value: TagValueRecord): TagKeyRecord => {
    const key = store.tagKeys.get(value.parent);
    if (key === undefined) throw new Error(`${value.name} has no key ${value.parent}`);
    return key;
  };

  /** Tags of a key scoped to a project bind only in it; an organization's, only below it. */
  const checkScope = (value: TagValueRecord, bound: Target): void => {
    if (bound.hierarchyName === undefined) return;
    const key = keyOf(value);
    const scope = [bound.hierarchyName, ...store.ancestors(bound.hierarchyName)];
    if (!scope.includes(key.parent)) {
      throw failedPrecondition(
        `TagValue ${value.name} (${value.namespacedName}) belongs to ${key.parent} and cannot be bound to ${bound.fullName}, which is outside it.`,
      );
    }
  };

  const listTagBindings: Handler<ParentRequest> = (request) => {
    const bound = target(request.parent, 'listTagBindings', 'parent');
    const bindings = [...store.tagBindings.values()].filter(
      (binding) => binding.parent === bound.fullName,
    );
    const page = paginate(bindings, request);
    return { tag_bindings: page.items.map(bindingMessage), ...page.next };
  };

  const createTagBinding: Handler<CreateTagBindingRequest> = (request, context) => {
    const requested = request.tag_binding;
    if (!requested) throw missingField('tag_binding');
    const bound = target(requested.parent, 'createTagBinding', 'tag_binding.parent');
    if (requested.tag_value && requested.tag_value_namespaced_name) {
      throw invalidArgument('Only one of tag_value and tag_value_namespaced_name may be set.', [
        { field: 'tag_binding.tag_value_namespaced_name', description: 'both set' },
      ]);
    }
    let value: TagValueRecord;
    if (requested.tag_value_namespaced_name) {
      const found = findNamespacedValue(store, access, requested.tag_value_namespaced_name);
      if (found === undefined) {
        throw permissionDenied(
          'resourcemanager.tagValueBindings.create',
          requested.tag_value_namespaced_name,
        );
      }
      value = found;
    } else if (requested.tag_value) {
      value = access.tagValue(
        requested.tag_value,
        'resourcemanager.tagValueBindings.create',
        'tag_binding.tag_value',
      );
    } else throw missingField('tag_binding.tag_value');
    checkScope(value, bound);
    const name = bindingName(bound.fullName, value.name);
    if (store.tagBindings.has(name)) throw alreadyExists(`TagBinding ${name} already exists.`);
    const sameKey = [...store.tagBindings.values()].find(
      (binding) =>
        binding.parent === bound.fullName &&
        store.tagValues.get(binding.tagValue)?.parent === value.parent,
    );
    if (sameKey) {
      throw failedPrecondition(
        `${bound.fullName} already has the value ${sameKey.tagValue} of TagKey ${value.parent}; a resource holds one value per key.`,
      );
    }
    return context.startOperation({
      metadataType: `${V3}.CreateTagBindingMetadata`,
      responseType: `${V3}.TagBinding`,
      commit: () => {
        const binding: TagBindingRecord = { name, parent: bound.fullName, tagValue: value.name };
        if (!request.validate_only) store.tagBindings.set(name, binding);
        return bindingMessage(binding);
      },
    });
  };

  const deleteTagBinding: Handler<DeleteTagBindingRequest> = (request, context) => {
    if (!request.name) throw missingField('name');
    const match = BINDING_NAME.exec(request.name);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw invalidArgument(
        `name must be tagBindings/{url-encoded full resource name}/tagValues/{id}, got '${request.name}'.`,
        [{ field: 'name', description: 'not a TagBinding name' }],
      );
    }
    const bound = target(safeDecode(match[1]), 'deleteTagBinding', 'name');
    const name = bindingName(bound.fullName, match[2]);
    if (!store.tagBindings.has(name)) throw notFound(`TagBinding ${request.name} not found.`);
    return context.startOperation({
      metadataType: `${V3}.DeleteTagBindingMetadata`,
      responseType: EMPTY,
      commit: () => {
        store.tagBindings.delete(name);
        return {};
      },
    });
  };

  const listEffectiveTags: Handler<ParentRequest> = (request) => {
    const bound = target(request.parent, 'listEffectiveTags', 'parent');
    const chain = [
      bound.fullName,
      ...(bound.hierarchyName === undefined
        ? []
        : store.ancestors(bound.hierarchyName).map((name) => RESOURCE_MANAGER + name)),
    ];
    const byKey = new Map<string, object>();
    chain.forEach((fullName, depth) => {
      for (const binding of store.tagBindings.values()) {
        const value = store.tagValues.get(binding.tagValue);
        if (binding.parent !== fullName || value === undefined) continue;
        const key = keyOf(value);
        if (byKey.has(key.name)) continue;
        byKey.set(key.name, {
          tag_value: value.name,
          namespaced_tag_value: value.namespacedName,
          tag_key: key.name,
          namespaced_tag_key: key.namespacedName,
          tag_key_parent_name: key.parent,
          inherited: depth > 0,
        });
      }
    });
    const page = paginate([...byKey.values()], request);
    return { effective_tags: page.items, ...page.next };
  };

  const bindingMessage = (binding: TagBindingRecord): TagBindingMessage => ({
    name: binding.name,
    parent: binding.parent,
    tag_value: binding.tagValue,
    tag_value_namespaced_name: store.tagValues.get(binding.tagValue)?.namespacedName ?? '',
  });

  return {
    service: `${V3}.TagBindings`,
    methods: {
      ListTagBindings: listTagBindings,
      CreateTagBinding: createTagBinding,
      DeleteTagBinding: deleteTagBinding,
      ListEffectiveTags: listEffectiveTags,
    },
  };
}

function bindingName(fullName: string, tagValue: string): string {
  return `tagBindings/${encodeURIComponent(fullName)}/${tagValue}`;
}

function safeDecode(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
