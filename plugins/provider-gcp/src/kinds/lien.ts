/**
 * `Lien`: a hold on a project that stops its deletion (`resourcemanager.projects.delete`) until
 * the lien is removed — the guard for a project that holds data. Served over REST (no Node client
 * has it). A lien cannot be changed: a change removes it and places a new one. Found by name, else
 * by project, reason, origin and restrictions.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Attributes } from '@kusion/sdk';
import { isAbsent } from '../client/absent.js';
import type { LienMessage } from '../client/liens-api.js';
import { toProviderError } from '../client/provider-errors.js';
import { asRpcFailure, Status } from '../client/rpc-errors.js';
import { defined, stringAt, withoutEmpty } from '../model/attributes.js';
import { nonEmptyString, pattern, stringList } from '../model/fields.js';
import { isKnownString } from '../model/names.js';
import type { KindHandler } from './kind-handler.js';

export const PROJECT_DELETE_RESTRICTION = 'resourcemanager.projects.delete';
export const DEFAULT_LIEN_ORIGIN = 'kusion';

export const lienHandler: KindHandler = {
  kind: 'Lien',
  fields: {
    parent: {
      check: pattern(
        /^projects\/[^/]+$/,
        '"projects/<id or number>" or a reference such as $kusion_path.gcp:Project:shop-prod.name',
      ),
      isRequired: true,
      description: 'the project held',
    },
    reason: {
      check: nonEmptyString,
      isRequired: true,
      description: 'why, shown to whoever tries to delete the project',
    },
    origin: {
      check: nonEmptyString,
      description: `who placed it (default "${DEFAULT_LIEN_ORIGIN}")`,
    },
    restrictions: {
      check: stringList,
      description: `the permissions it blocks (default [${PROJECT_DELETE_RESTRICTION}])`,
    },
  },

  desired(_id, attributes) {
    return defined({
      kind: 'Lien',
      parent: attributes['parent'],
      restrictions: sorted(attributes['restrictions']) ?? [PROJECT_DELETE_RESTRICTION],
      reason: attributes['reason'],
      origin: attributes['origin'] ?? DEFAULT_LIEN_ORIGIN,
    });
  },

  async canonicalize(desired, context) {
    const parent = stringAt(desired, 'parent');
    if (!isKnownString(parent)) return desired;
    return { ...desired, parent: await context.run.names.project(parent, context.signal) };
  },

  async lookup(identity, context) {
    const liens = context.run.liens;
    const name = stringAt(identity, 'name');
    try {
      if (isKnownString(name))
        return { live: normalizeLien(await liens.get(name, context.signal)) };
      const parent = stringAt(identity, 'parent');
      if (!isKnownString(parent)) return undefined;
      const wanted = withoutEmpty({ ...identity, kind: 'Lien', name: undefined });
      const lien = (await liens.list(parent, context.signal))
        .map(normalizeLien)
        .find((candidate) =>
          isDeepStrictEqual(withoutEmpty({ ...candidate, name: undefined }), wanted),
        );
      return lien && { live: lien };
    } catch (error) {
      if (isAbsent(error)) return undefined;
      throw error;
    }
  },

  immutable: ['parent', 'restrictions', 'reason', 'origin'].map((field) => ({
    field,
    why: 'a lien cannot be changed',
  })),

  async apply(desired, existing, context) {
    if (existing) return existing.live;
    const parent = stringAt(desired, 'parent') ?? '';
    context.report(`placing a lien on ${parent}`);
    try {
      const created = await context.run.liens.create(
        {
          parent,
          restrictions: (desired['restrictions'] as string[] | undefined) ?? [],
          reason: stringAt(desired, 'reason') ?? '',
          origin: stringAt(desired, 'origin') ?? DEFAULT_LIEN_ORIGIN,
        },
        context.signal,
      );
      return normalizeLien(created);
    } catch (error) {
      throw toProviderError(error, {
        resourceId: context.resourceId,
        doing: `placing a lien on ${parent}`,
      });
    }
  },

  async delete(recorded, context) {
    const found = await lienHandler.lookup(recorded, context);
    const name = found && stringAt(found.live, 'name');
    if (!name) return;
    try {
      await context.run.liens.delete(name, context.signal);
    } catch (error) {
      if (asRpcFailure(error)?.code === Status.NOT_FOUND) return;
      throw toProviderError(error, { resourceId: context.resourceId, doing: `removing ${name}` });
    }
  },
};

export function normalizeLien(lien: LienMessage): Attributes {
  return withoutEmpty({
    kind: 'Lien',
    name: lien.name,
    parent: lien.parent,
    restrictions: [...(lien.restrictions ?? [])].sort(),
    reason: lien.reason,
    origin: lien.origin,
  });
}

/** Restrictions are a set: compared sorted. */
function sorted(value: unknown): unknown {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? [...value].sort()
    : value;
}
