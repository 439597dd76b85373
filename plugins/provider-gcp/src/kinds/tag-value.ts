/**
 * `TagValue`: a short name unique under its key, both permanent; only the description is updated.
 * The key is a reference, `tagKeys/N`, or a namespaced name (`123456789012/env`). A value that is
 * still bound to a resource, or held, cannot be deleted: the bindings are named.
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
import { description, pattern, tagShortName } from '../model/fields.js';
import { idName } from '../model/kinds.js';
import { isKnownString } from '../model/names.js';
import { runOperation } from './kind-handler.js';
import type { KindContext, KindHandler } from './kind-handler.js';

type TagValueMessage = protos.google.cloud.resourcemanager.v3.ITagValue;

export const tagValueHandler: KindHandler = {
  kind: 'TagValue',
  fields: {
    shortName: {
      check: tagShortName,
      description:
        'the value, unique under its key; permanent (default: the last part of the resource id)',
    },
    parent: {
      check: pattern(
        /^(tagKeys\/\d+|[^/]+\/[^/]+)$/,
        '"tagKeys/<number>", a namespaced key such as "123456789012/env", or a reference such as $kusion_path.gcp:TagKey:env.name',
      ),
      isRequired: true,
      description: 'the tag key; permanent',
    },
    description: { check: description, description: 'at most 256 characters' },
    name: {
      check: pattern(/^tagValues\/\d+$/, '"tagValues/<number>"'),
      description: 'adopts this existing value (optional)',
    },
  },

  desired(id, attributes) {
    return defined({
      kind: 'TagValue',
      name: attributes['name'],
      shortName: attributes['shortName'] ?? idName(id),
      parent: attributes['parent'],
      description: attributes['description'],
    });
  },

  async canonicalize(desired, context) {
    const parent = stringAt(desired, 'parent');
    if (!isKnownString(parent)) return desired;
    return { ...desired, parent: await context.run.names.tagKey(parent, context.signal) };
  },

  async lookup(identity, context) {
    const name = stringAt(identity, 'name');
    if (isKnownString(name)) {
      const value = await getTagValue(name, context);
      return value && { live: normalizeTagValue(value) };
    }
    const parent = stringAt(identity, 'parent');
    const shortName = stringAt(identity, 'shortName');
    if (!isKnownString(parent) || !parent.startsWith('tagKeys/') || !isKnownString(shortName))
      return undefined;
    const answer = await orAbsent(
      readCall(() => context.run.clients.tagValues.listTagValues({ parent }), context.signal),
    );
    const value = (answer?.[0] ?? []).find((candidate) => candidate.shortName === shortName);
    return value && { live: normalizeTagValue(value) };
  },

  immutable: [
    { field: 'shortName', why: "a tag value's short name is permanent" },
    { field: 'parent', why: 'a tag value cannot move to another key' },
    { field: 'name', why: 'it names another tag value' },
  ],

  async apply(desired, existing, context) {
    const shortName = stringAt(desired, 'shortName') ?? '';
    if (!existing) {
      const parent = stringAt(desired, 'parent') ?? '';
      if (!parent.startsWith('tagKeys/'))
        throw new ProviderError(
          `the tag key "${parent}" of tag value "${shortName}" does not exist`,
          {
            resourceId: context.resourceId,
            hint: 'create the key first (a gcp:TagKey resource, referenced as $kusion_path.gcp:TagKey:<name>.name), or fix the namespaced name',
          },
        );
      const operation = await runOperation(
        context,
        `creating tag value "${shortName}" under ${parent}`,
        () =>
          context.run.clients.tagValues.createTagValue({
            tagValue: defined({ shortName, parent, description: stringAt(desired, 'description') }),
          }),
      );
      return reread(stringAt(operationResult(operation) ?? {}, 'name') ?? '', context);
    }
    const name = stringAt(existing.live, 'name') ?? '';
    const wanted = stringAt(desired, 'description');
    if (wanted !== undefined && wanted !== (stringAt(existing.live, 'description') ?? '')) {
      await runOperation(context, `updating tag value "${shortName}" (${name})`, () =>
        context.run.clients.tagValues.updateTagValue({
          tagValue: { name, description: wanted },
          updateMask: { paths: ['description'] },
        }),
      );
    }
    return reread(name, context);
  },

  async delete(recorded, context) {
    const name = stringAt(recorded, 'name');
    if (!isKnownString(name) || !(await getTagValue(name, context))) return;
    const doing = `deleting tag value "${stringAt(recorded, 'namespacedName') ?? name}"`;
    try {
      await runOperation(context, doing, () =>
        context.run.clients.tagValues.deleteTagValue({ name }),
      );
    } catch (error) {
      const failure = asRpcFailure(error);
      if (failure?.code !== Status.FAILED_PRECONDITION) throw error;
      throw failureError(
        failure,
        { resourceId: context.resourceId, doing },
        'remove those bindings (`gcloud resource-manager tags bindings list --parent=<resource>`) or holds, then deploy again',
        'it is still bound to a resource, or held by a tag hold, that this stack does not manage',
      );
    }
  },
};

async function getTagValue(
  name: string,
  context: KindContext,
): Promise<TagValueMessage | undefined> {
  const answer = await orAbsent(
    readCall(() => context.run.clients.tagValues.getTagValue({ name }), context.signal),
  );
  return answer?.[0];
}

export function normalizeTagValue(value: TagValueMessage): Attributes {
  return withoutEmpty({
    kind: 'TagValue',
    name: value.name,
    shortName: value.shortName,
    parent: value.parent,
    namespacedName: value.namespacedName,
    description: value.description,
  });
}

async function reread(name: string, context: KindContext): Promise<Attributes> {
  const value = name ? await getTagValue(name, context) : undefined;
  if (!value)
    throw new ProviderError(
      `tag value ${name || '(unnamed)'} cannot be read back after it was written`,
      {
        resourceId: context.resourceId,
        hint: 'the caller may lack resourcemanager.tagValues.get: grant roles/resourcemanager.tagViewer',
      },
    );
  return normalizeTagValue(value);
}
