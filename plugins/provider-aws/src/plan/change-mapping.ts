/**
 * A change set's resource changes → one Kusion action per resource, with a reason a user can act
 * on. CloudFormation's own `Replacement` and `Details` decide Replace where it gives them; where it
 * does not (moto), the replacement rules do. Resources absent from the change set are UnChanged,
 * unless another provider now references an attribute the recorded state lacks: the stack must then
 * gain an Output, which is an update.
 */
import type { ResourceChange } from '@aws-sdk/client-cloudformation';
import { declaredSensitivePaths, diffObjects, getAtPath } from '@kusion/sdk';
import type { Attributes, BatchChange, ResourceState } from '@kusion/sdk';
import { TEMPLATE_KEYS } from '../model/aws-resource.js';
import { replaceReasonFor, replacingChanges } from './replacement-rules.js';

export interface DesiredMember {
  readonly id: string;
  readonly logicalId: string;
  /** The desired template part, in normal form. */
  readonly templatePart: Readonly<Record<string, unknown>>;
  /** Attribute paths other providers reference. */
  readonly referencedPaths: readonly string[];
  /** Paths whose values are known only after apply. */
  readonly unknownPaths: readonly string[];
  readonly sensitivePaths: readonly string[];
}

export interface ChangeMappingRequest {
  readonly changes: readonly ResourceChange[];
  readonly desired: readonly DesiredMember[];
  readonly priors: readonly ResourceState[];
  /** Why every resource is created without a change set (e.g. the stack must be recreated). */
  readonly recreateReason?: string | undefined;
}

export function mapChanges(request: ChangeMappingRequest): Map<string, BatchChange> {
  const byLogicalId = new Map(
    request.changes.map((change) => [change.LogicalResourceId ?? '', change]),
  );
  const priorById = new Map(request.priors.map((prior) => [prior.id, prior]));
  const result = new Map<string, BatchChange>();

  for (const member of request.desired) {
    const prior = priorById.get(member.id);
    const before = prior ? templatePartOf(prior.attributes) : {};
    // Clear values, as CloudFormation would show them: the engine masks by `sensitivePaths`.
    const diff = diffObjects(before, member.templatePart);
    const change =
      request.recreateReason === undefined
        ? byLogicalId.get(member.logicalId)
        : ({ Action: 'Add' } as ResourceChange);
    const decided = decide(member, change, prior, request.recreateReason);
    const unknown = member.unknownPaths.length
      ? `; known after apply: ${member.unknownPaths.join(', ')}`
      : '';
    result.set(member.id, {
      action: decided.action,
      reason: decided.reason + unknown,
      diff,
      ...(member.sensitivePaths.length ? { sensitivePaths: member.sensitivePaths } : {}),
    });
  }
  for (const prior of request.priors) {
    if (result.has(prior.id)) continue;
    const isRetained = prior.attributes['DeletionPolicy'] === 'Retain';
    result.set(prior.id, {
      action: 'Delete',
      reason: isRetained
        ? 'removed from spec (DeletionPolicy Retain: CloudFormation keeps the resource)'
        : 'removed from spec',
      diff: diffObjects(templatePartOf(prior.attributes), {}),
      sensitivePaths: [...declaredSensitivePaths(prior), ...(prior.sensitivePaths ?? [])],
    });
  }
  return result;
}

function decide(
  member: DesiredMember,
  change: ResourceChange | undefined,
  prior: ResourceState | undefined,
  recreateReason: string | undefined,
): Pick<BatchChange, 'action' | 'reason'> {
  if (!change) {
    if (!prior)
      return {
        action: 'Update',
        reason: 'in the stack but not in Kusion state: it will be recorded',
      };
    const missing = member.referencedPaths.filter((path) => !hasPath(prior.attributes, path));
    if (missing.length)
      return {
        action: 'Update',
        reason: `other providers now reference ${missing.join(', ')}: added as stack Outputs`,
      };
    return { action: 'UnChanged', reason: 'up to date' };
  }
  switch (change.Action) {
    case 'Add':
    case 'Import':
      if (recreateReason !== undefined) return { action: 'Create', reason: recreateReason };
      return {
        action: 'Create',
        reason: prior
          ? 'missing from the stack (deleted outside Kusion?): it will be created'
          : 'not in the stack',
      };
    case 'Remove':
      return { action: 'Delete', reason: 'removed from the stack' };
    case 'Modify':
    case 'Dynamic':
    case 'SyncWithActual':
    case undefined:
      return modification(member, change, prior);
  }
}

function modification(
  member: DesiredMember,
  change: ResourceChange,
  prior: ResourceState | undefined,
): Pick<BatchChange, 'action' | 'reason'> {
  const recreating = (change.Details ?? [])
    .filter(
      (detail) =>
        detail.Target?.RequiresRecreation === 'Always' ||
        detail.Target?.RequiresRecreation === 'Conditionally',
    )
    .map((detail) => detail.Target?.Name ?? detail.Target?.Attribute ?? 'a property');
  const changedNames = [
    ...new Set(
      (change.Details ?? [])
        .map((detail) => detail.Target?.Name ?? detail.Target?.Attribute)
        .filter((name) => name !== undefined),
    ),
  ];
  if (change.Replacement === 'True') {
    return {
      action: 'Replace',
      reason: `CloudFormation replaces it: ${recreating.length ? recreating.join(', ') : 'a property'} requires recreation`,
    };
  }
  if (change.Replacement === 'Conditional') {
    return {
      action: 'Replace',
      reason: `CloudFormation may replace it (Conditional)${recreating.length ? `: ${recreating.join(', ')} may require recreation` : ''}`,
    };
  }
  const before = prior ? templatePartOf(prior.attributes) : undefined;
  if (change.Replacement === undefined && before) {
    const replacing = replacingChanges(
      String(member.templatePart['Type']),
      before['Properties'],
      member.templatePart['Properties'],
    );
    if (replacing.length) return { action: 'Replace', reason: replaceReasonFor(replacing) };
  }
  if (changedNames.length)
    return { action: 'Update', reason: `${changedNames.join(', ')} changed, in place` };
  if (before && diffObjects(before, member.templatePart).length === 0) {
    return {
      action: 'Update',
      reason: 'the stack differs from the recorded state (changed outside Kusion)',
    };
  }
  return { action: 'Update', reason: 'spec changed' };
}

/** The part of a normal form the user writes. */
export function templatePartOf(attributes: Attributes): Record<string, unknown> {
  return Object.fromEntries(
    TEMPLATE_KEYS.flatMap((key) => (attributes[key] === undefined ? [] : [[key, attributes[key]]])),
  );
}

function hasPath(attributes: Attributes, path: string): boolean {
  const found = getAtPath(attributes, path);
  return found.found && found.value !== undefined;
}
