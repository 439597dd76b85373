/**
 * How references resolve while planning: a resource planned for creation or replacement has no
 * values yet ("known after apply"); otherwise the predicted object, then the live one, then state.
 */
import { getAtPath, isKusionPath } from '@kusion/sdk';
import type { ResourceState } from '@kusion/sdk';
import type { ReferenceValue, ResourceReference } from '../graph/references.js';
import type { PlanEntry } from './plan-entry.js';
import { isHashedSensitive } from '@kusion/backend-kit';

export type ReferenceLookup = (reference: ResourceReference) => ReferenceValue;

export function createPlanLookup(
  entries: ReadonlyMap<string, PlanEntry>,
  priorById: ReadonlyMap<string, ResourceState>,
): ReferenceLookup {
  return (reference) => {
    // Another stack's value not resolved before planning: it changes earlier in the same rollout.
    if (reference.targetStack !== undefined) return { isUnknown: true };
    const target = entries.get(reference.targetId);
    if (target && (target.action === 'Create' || target.action === 'Replace'))
      return { isUnknown: true };
    for (const source of [
      target?.predicted,
      target?.live,
      priorById.get(reference.targetId)?.attributes,
    ]) {
      const found = getAtPath(source, reference.targetPath);
      if (found.found && !isKusionPath(found.value) && !isHashedSensitive(found.value))
        return { value: found.value };
    }
    return { isUnknown: true };
  };
}
