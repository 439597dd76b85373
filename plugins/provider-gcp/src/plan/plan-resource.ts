/**
 * `plan` = read + diff: the desired object laid over the live one (fields the Spec leaves out keep
 * their live values; what the server assigns, such as `name`, stays), so an unchanged resource
 * predicts exactly the live object. A field that cannot change in place makes it a replacement
 * whose reason names the field, the values and why; replacing a project deletes it, which is
 * said loudly — in the reason and as a warning.
 */
import { isDeepStrictEqual } from 'node:util';
import { declaredSensitivePaths } from '@kusion/sdk';
import type { Attributes, PlanRequest, PlanResult } from '@kusion/sdk';
import { toProviderError } from '../client/provider-errors.js';
import type { ImmutableField, KindHandler } from '../kinds/kind-handler.js';
import { desiredOf, handlerFor } from '../kinds/resource-kind.js';
import { isEmptyValue, stringAt, withoutEmpty } from '../model/attributes.js';
import type { RunContext } from '../run-context.js';
import { warnProjectDeletion } from './project-deletion.js';

export async function planResource(run: RunContext, request: PlanRequest): Promise<PlanResult> {
  const { resource, signal } = request;
  const sensitivePaths = declaredSensitivePaths(resource);
  const result = (predicted: Attributes, replaceReason?: string): PlanResult => ({
    predicted,
    ...(replaceReason === undefined ? {} : { replaceReason }),
    ...(sensitivePaths.length ? { sensitivePaths } : {}),
  });
  try {
    const handler = handlerFor(resource);
    const desired = await desiredOf(handler, resource, { run, signal, resourceId: resource.id });
    const { live } = request;
    if (!live) return result(withoutEmpty(desired));
    const changed = changedImmutableFields(handler, desired, live);
    if (!changed.length) return result(overlay(live, desired));
    let reason = describeReplacement(changed, desired, live);
    if (handler.kind === 'Project') {
      reason = `${reason}: ${await warnProjectDeletion(request, live)}`;
    }
    return result(withoutEmpty(desired), reason);
  } catch (error) {
    throw toProviderError(error, { resourceId: resource.id, doing: `planning ${resource.id}` });
  }
}

/** The live object with every field the Spec sets replaced (an empty value removes it). */
export function overlay(live: Attributes, desired: Attributes): Attributes {
  const predicted: Record<string, unknown> = { ...live };
  for (const [field, value] of Object.entries(desired)) {
    if (isEmptyValue(value)) Reflect.deleteProperty(predicted, field);
    else predicted[field] = value;
  }
  return predicted;
}

function changedImmutableFields(
  handler: KindHandler,
  desired: Attributes,
  live: Attributes,
): ImmutableField[] {
  return handler.immutable.filter(({ field, isUnsetWhenAbsent }) => {
    if (!(field in desired) && !isUnsetWhenAbsent) return false;
    return !isDeepStrictEqual(withoutEmpty(desired)[field], live[field]);
  });
}

/** `projectId cannot change in place ("shop-dev" → "shop-dev-2"): a project id is permanent`. */
function describeReplacement(
  changed: readonly ImmutableField[],
  desired: Attributes,
  live: Attributes,
): string {
  const parts = changed.map(
    ({ field, why }) =>
      `${field} cannot change in place (${show(live[field])} → ${show(desired[field])}): ${why}`,
  );
  const kind = stringAt(live, 'kind') ?? 'object';
  return `${parts.join('; ')}; the ${kind} is deleted and created again`;
}

function show(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}
