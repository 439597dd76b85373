/**
 * Decides one resource's action, three-way: the prior state, the object as the provider predicts
 * it, and the live object. Every diff it returns is masked by the resource's sensitive paths.
 */
import { createFieldMatcher, diffForCreate, diffObjects } from '@kusion/sdk';
import type { Attributes, FieldMatcher, Resource, ResourceState } from '@kusion/sdk';
import { importIdOf } from '../generate/cross-cutting.js';
import type { PlanEntry } from './plan-entry.js';
import { hashSensitive } from '@kusion/backend-kit';

export interface Decision {
  readonly resource: Resource;
  readonly prior: ResourceState | undefined;
  readonly live: Attributes | undefined;
  readonly predicted: Attributes;
  readonly replaceReason: string | undefined;
  readonly updateReason: string | undefined;
  readonly sensitivePaths: readonly string[];
  readonly ignore: FieldMatcher;
}

export function decide(d: Decision): PlanEntry {
  const sensitive = createFieldMatcher(d.sensitivePaths);
  const base = {
    id: d.resource.id,
    type: d.resource.type,
    desired: d.resource,
    prior: d.prior,
    live: d.live,
    predicted: d.predicted,
    sensitivePaths: d.sensitivePaths,
  };
  if (!d.live) {
    return {
      ...base,
      action: 'Create',
      reason: d.prior ? 'deleted outside Kusion: it will be recreated' : 'not in state',
      diff: diffForCreate(d.predicted, { ignore: d.ignore, sensitive }),
    };
  }
  const diff = diffObjects(d.live, d.predicted, { ignore: d.ignore, sensitive });
  if (!diff.length && d.updateReason) {
    return d.prior
      ? { ...base, action: 'Update', reason: d.updateReason, diff }
      : {
          ...base,
          action: 'Update',
          reason: `exists outside Kusion: it will be adopted (${d.updateReason})`,
          diff,
          isAdoption: true,
        };
  }
  if (!diff.length) {
    return d.prior
      ? { ...base, action: 'UnChanged', reason: 'up to date', diff }
      : {
          ...base,
          action: 'UnChanged',
          reason: 'exists and matches the spec: it will be adopted',
          diff,
          isAdoption: true,
        };
  }
  if (d.replaceReason)
    return { ...base, action: 'Replace', reason: d.replaceReason, diff, isAdoption: !d.prior };
  if (!d.prior)
    return {
      ...base,
      action: 'Update',
      reason: 'exists outside Kusion: it will be adopted and updated',
      diff,
      isAdoption: true,
    };
  const specChanged =
    diffObjects(d.prior.attributes, hashSensitive(d.resource.id, d.predicted, sensitive), {
      ignore: d.ignore,
    }).length > 0;
  return {
    ...base,
    action: 'Update',
    reason: specChanged ? 'spec changed' : 'live object changed outside Kusion (drift)',
    diff,
  };
}

/** A resource removed from the Spec: deleted, its recorded attributes shown as removed. */
export function decideDeletion(prior: ResourceState, reason = 'removed from spec'): PlanEntry {
  return {
    id: prior.id,
    type: prior.type,
    action: 'Delete',
    reason:
      importIdOf(prior) === undefined
        ? reason
        : `${reason}; it was imported (${importIdOf(prior) ?? ''}): Kusion forgets it and leaves the object`,
    diff: diffObjects(
      prior.attributes,
      {},
      { sensitive: createFieldMatcher(prior.sensitivePaths ?? []) },
    ),
    prior,
    sensitivePaths: prior.sensitivePaths ?? [],
  };
}
