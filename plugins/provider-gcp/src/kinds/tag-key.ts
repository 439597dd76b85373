/**
 * `TagKey`: a short name unique in its organization or project, both permanent (a change is a
 * replacement); only the description is updated. Found by name, else by short name among its
 * parent's keys. A key with values cannot be deleted: what holds it is named.
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

type TagKeyMessage = protos.google.cloud.resourcemanager.v3.ITagKey;

export const tagKeyHandler: KindHandler = {
  kind: 'TagKey',
  fields: {
    shortName: {
      check: tagShortName,
      description:
        'the key, unique in its parent; permanent (default: the last part of the resource id)',
    },
    parent: {
      check: pattern(
        /^(organizations\/\d+|projects\/[^/]+)$/,
        '"organizations/<number>" or "projects/<id or number>"',
      ),
      description:
        'the organization or project; permanent (default: providers.gcp.parent when it is an organization)',
    },
    description: { check: description, description: 'at most 256 characters' },
    name: {
      check: pattern(/^tagKeys\/\d+$/, '"tagKeys/<number>"'),
      description: 'adopts this existing key (optional)',
    },
  },

  validate(attributes, settings) {
    if (attributes['parent'] !== undefined || settings.parent?.startsWith('organizations/'))
      return [];
    return [
      `attributes.parent is required: tag keys belong to an organization or a project${settings.parent ? `, and providers.gcp.parent is ${settings.parent}` : ''}`,
    ];
  },

  desired(id, attributes, settings) {
    const defaultParent = settings.parent?.startsWith('organizations/')
      ? settings.parent
      : undefined;
    return defined({
      kind: 'TagKey',
      name: attributes['name'],
      shortName: attributes['shortName'] ?? idName(id),
      parent: attributes['parent'] ?? defaultParent,
      description: attributes['description'],
    });
  },

  async canonicalize(desired, context) {
    const parent = stringAt(desired, 'parent');
    if (!isKnownString(parent)) return desired;
    return { ...desired, parent: await context.run.names.project(parent, context.signal) };
  },

  async lookup(identity, context) {
    const name = stringAt(identity, 'name');
    if (isKnownString(name)) {
      const key = await getTagKey(name, context);
      return key && { live: normalizeTagKey(key) };
    }
    const parent = stringAt(identity, 'parent');
    const shortName = stringAt(identity, 'shortName');
    if (!isKnownString(parent) || !isKnownString(shortName)) return undefined;
    const answer = await orAbsent(
      readCall(() => context.run.clients.tagKeys.listTagKeys({ parent }), context.signal),
    );
    const key = (answer?.[0] ?? []).find((candidate) => candidate.shortName === shortName);
    return key && { live: normalizeTagKey(key) };
  },

  immutable: [
    { field: 'shortName', why: "a tag key's short name is permanent" },
    { field: 'parent', why: 'a tag key cannot move to another organization or project' },
    { field: 'name', why: 'it names another tag key' },
  ],

  async apply(desired, existing, context) {
    const shortName = stringAt(desired, 'shortName') ?? '';
    if (!existing) {
      const parent = stringAt(desired, 'parent');
      if (parent === undefined)
        throw new ProviderError(`tag key "${shortName}" has no parent`, {
          resourceId: context.resourceId,
          hint: 'set attributes.parent to organizations/<number> or projects/<id>',
        });
      const operation = await runOperation(
        context,
        `creating tag key "${shortName}" in ${parent}`,
        () =>
          context.run.clients.tagKeys.createTagKey({
            tagKey: defined({ shortName, parent, description: stringAt(desired, 'description') }),
          }),
      );
      return reread(stringAt(operationResult(operation) ?? {}, 'name') ?? '', context);
    }
    const name = stringAt(existing.live, 'name') ?? '';
    const wanted = stringAt(desired, 'description');
    if (wanted !== undefined && wanted !== (stringAt(existing.live, 'description') ?? '')) {
      await runOperation(context, `updating tag key "${shortName}" (${name})`, () =>
        context.run.clients.tagKeys.updateTagKey({
          tagKey: { name, description: wanted },
          updateMask: { paths: ['description'] },
        }),
      );
    }
    return reread(name, context);
  },

  async delete(recorded, context) {
    const name = stringAt(recorded, 'name');
    if (!isKnownString(name) || !(await getTagKey(name, context))) return;
    const doing = `deleting tag key "${stringAt(recorded, 'namespacedName') ?? name}"`;
    try {
      await runOperation(context, doing, () => context.run.clients.tagKeys.deleteTagKey({ name }));
    } catch (error) {
      const failure = asRpcFailure(error);
      if (failure?.code !== Status.FAILED_PRECONDITION) throw error;
      const answer = await orAbsent(
        readCall(
          () => context.run.clients.tagValues.listTagValues({ parent: name }),
          context.signal,
        ),
      );
      const values = (answer?.[0] ?? []).map((value) => value.namespacedName ?? value.name ?? '');
      throw failureError(
        failure,
        { resourceId: context.resourceId, doing },
        values.length
          ? 'delete them, then deploy again'
          : 'a tag key must have no values to be deleted',
        values.length
          ? `it still has values this stack does not manage (or could not delete): ${values.join(', ')}`
          : 'it still has values',
      );
    }
  },
};

async function getTagKey(name: string, context: KindContext): Promise<TagKeyMessage | undefined> {
  const answer = await orAbsent(
    readCall(() => context.run.clients.tagKeys.getTagKey({ name }), context.signal),
  );
  return answer?.[0];
}

export function normalizeTagKey(key: TagKeyMessage): Attributes {
  return withoutEmpty({
    kind: 'TagKey',
    name: key.name,
    shortName: key.shortName,
    parent: key.parent,
    namespacedName: key.namespacedName,
    description: key.description,
  });
}

async function reread(name: string, context: KindContext): Promise<Attributes> {
  const key = name ? await getTagKey(name, context) : undefined;
  if (!key)
    throw new ProviderError(
      `tag key ${name || '(unnamed)'} cannot be read back after it was written`,
      {
        resourceId: context.resourceId,
        hint: 'the caller may lack resourcemanager.tagKeys.get: grant roles/resourcemanager.tagViewer',
      },
    );
  return normalizeTagKey(key);
}
