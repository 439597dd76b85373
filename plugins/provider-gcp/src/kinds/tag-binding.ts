/**
 * `TagBinding`: a tag value attached to a resource. Nothing of a binding can change: a change is a
 * replacement. The resource is written as the API reports it, a full resource name with a project
 * *number* (`//cloudresourcemanager.googleapis.com/projects/123`); `projects/shop-dev`,
 * `folders/1` or a reference to a project's `name` are accepted and turned into that form. The
 * value may be a reference, `tagValues/N` or a namespaced name (`123456789012/env/prod`).
 */
import type { Attributes } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import type { protos } from '@google-cloud/resource-manager';
import { orAbsent } from '../client/absent.js';
import { readCall } from '../client/calls.js';
import { failureError } from '../client/provider-errors.js';
import { asRpcFailure, Status } from '../client/rpc-errors.js';
import { defined, stringAt, withoutEmpty } from '../model/attributes.js';
import { oneOfPatterns } from '../model/fields.js';
import { fullResourceName, isKnownString, resourceManagerName } from '../model/names.js';
import { runOperation } from './kind-handler.js';
import type { Found, KindContext, KindHandler } from './kind-handler.js';

type TagBindingMessage = protos.google.cloud.resourcemanager.v3.ITagBinding;

export const tagBindingHandler: KindHandler = {
  kind: 'TagBinding',
  fields: {
    parent: {
      check: oneOfPatterns(
        [
          { regex: /^(projects\/[^/]+|folders\/\d+|organizations\/\d+)$/ },
          { regex: /^\/\/[^/]+\/.+$/ },
        ],
        '"projects/<id or number>", "folders/<number>", a full resource name ("//cloudresourcemanager.googleapis.com/projects/123") or a reference such as $kusion_path.gcp:Project:shop-dev.name',
      ),
      isRequired: true,
      description: 'the resource the value is attached to',
    },
    tagValue: {
      check: oneOfPatterns(
        [{ regex: /^tagValues\/\d+$/ }, { regex: /^[^/]+\/[^/]+\/[^/]+$/ }],
        '"tagValues/<number>", a namespaced value such as "123456789012/env/prod", or a reference such as $kusion_path.gcp:TagValue:env-prod.name',
      ),
      isRequired: true,
      description: 'the tag value',
    },
  },

  desired(_id, attributes) {
    return defined({
      kind: 'TagBinding',
      parent: attributes['parent'],
      tagValue: attributes['tagValue'],
    });
  },

  async canonicalize(desired, context) {
    const { names } = context.run;
    const parent = stringAt(desired, 'parent');
    const tagValue = stringAt(desired, 'tagValue');
    return {
      ...desired,
      ...(isKnownString(parent) ? { parent: await canonicalParent(parent, context) } : {}),
      ...(isKnownString(tagValue)
        ? { tagValue: await names.tagValue(tagValue, context.signal) }
        : {}),
    };
  },

  lookup: lookupBinding,

  immutable: [
    { field: 'parent', why: 'a tag binding cannot move to another resource' },
    { field: 'tagValue', why: 'a tag binding holds one value for ever' },
  ],

  async apply(desired, existing, context) {
    if (existing) return existing.live;
    const parent = stringAt(desired, 'parent') ?? '';
    const tagValue = stringAt(desired, 'tagValue') ?? '';
    const doing = `binding ${tagValue} to ${parent}`;
    if (!tagValue.startsWith('tagValues/'))
      throw new ProviderError(`${doing} failed: the tag value does not exist`, {
        resourceId: context.resourceId,
        hint: 'create it first (a gcp:TagValue resource, referenced as $kusion_path.gcp:TagValue:<name>.name), or fix the namespaced name',
      });
    try {
      await runOperation(context, doing, () =>
        context.run.clients.tagBindings.createTagBinding({ tagBinding: { parent, tagValue } }),
      );
    } catch (error) {
      const failure = asRpcFailure(error);
      if (failure?.code !== Status.FAILED_PRECONDITION) throw error;
      throw failureError(
        failure,
        { resourceId: context.resourceId, doing },
        'remove the other value of this key from the resource (`gcloud resource-manager tags bindings list --parent=<resource>`), or bind a value of a key that resource can use',
        'a resource holds one value per tag key, and a key binds only inside its organization or project',
      );
    }
    const found = await lookupBinding({ parent, tagValue }, context);
    if (!found)
      throw new ProviderError(`${doing}: the binding cannot be read back after it was created`, {
        resourceId: context.resourceId,
      });
    return found.live;
  },

  async delete(recorded, context) {
    const found = await lookupBinding(recorded, context);
    const name = found && stringAt(found.live, 'name');
    if (!name) return;
    try {
      await runOperation(
        context,
        `removing ${stringAt(recorded, 'tagValue') ?? 'the tag value'} from ${stringAt(recorded, 'parent') ?? 'its resource'}`,
        () => context.run.clients.tagBindings.deleteTagBinding({ name }),
      );
    } catch (error) {
      if (asRpcFailure(error)?.code !== Status.NOT_FOUND) throw error;
    }
  },
};

/** The binding of a value on a resource, by the two. */
async function lookupBinding(
  identity: Attributes,
  context: KindContext,
): Promise<Found | undefined> {
  const parent = stringAt(identity, 'parent');
  const tagValue = stringAt(identity, 'tagValue');
  if (!isKnownString(parent) || !isKnownString(tagValue)) return undefined;
  const binding = (await listBindings(parent, context)).find(
    (candidate) => candidate.tagValue === tagValue,
  );
  return binding && { live: normalizeTagBinding(binding) };
}

/** `projects/shop-dev` → `//cloudresourcemanager.googleapis.com/projects/123`. */
async function canonicalParent(parent: string, context: KindContext): Promise<string> {
  const local = parent.startsWith('//') ? resourceManagerName(parent) : parent;
  if (local === undefined) return parent; // another service's resource: as written
  return fullResourceName(await context.run.names.project(local, context.signal));
}

/** The bindings directly on a resource; none when it cannot be seen (or is gone). */
async function listBindings(parent: string, context: KindContext): Promise<TagBindingMessage[]> {
  const answer = await orAbsent(
    readCall(() => context.run.clients.tagBindings.listTagBindings({ parent }), context.signal),
  );
  return answer?.[0] ?? [];
}

export function normalizeTagBinding(binding: TagBindingMessage): Attributes {
  return withoutEmpty({
    kind: 'TagBinding',
    name: binding.name,
    parent: binding.parent,
    tagValue: binding.tagValue,
    tagValueNamespacedName: binding.tagValueNamespacedName,
  });
}
