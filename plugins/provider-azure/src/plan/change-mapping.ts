/**
 * What-if's change types → one Kusion action per resource, with a reason a user can act on, and
 * what-if's property-level changes as the diff: `Create` → Create, `Modify` → Update, `NoChange`
 * → UnChanged, `Deploy` and `Unsupported` → Update (what-if cannot tell), a resource whose ARM id
 * or location changed → Replace. Resources other providers now reference through an attribute
 * the recorded state lacks are an Update: the deployment gains an output. A secret whose value
 * differs from the digest recorded at the last deploy is an Update too, what-if being blind to it.
 */
import type { WhatIfChange, WhatIfPropertyChange } from '@azure/arm-resourcesdeployments';
import {
  declaredSensitivePaths,
  diffForCreate,
  diffObjects,
  formatAttributePath,
  getAtPath,
  parseAttributePath,
  SENSITIVE_MASK,
} from '@kusion/sdk';
import type { BatchChange, DiffEntry, Resource, ResourceState } from '@kusion/sdk';
import { sameArmId, writtenPartOf } from '../model/azure-resource.js';
import type { AzureTarget } from '../model/azure-resource.js';

export interface DesiredMember {
  readonly resource: Resource;
  readonly target: AzureTarget;
  /** The target the state records, when it differs (a new name, group or type). */
  readonly prior?: ResourceState | undefined;
  readonly priorTarget?: AzureTarget | undefined;
  /** Attribute paths other providers reference that need a deployment output. */
  readonly outputPaths: readonly string[];
  readonly unknownPaths: readonly string[];
  /**
   * Secret paths whose value differs from the digest the state records: what-if cannot see them
   * (a secure parameter is never read back), so they make an Update of their own.
   */
  readonly changedSecrets: readonly string[];
}

export interface ChangeMappingRequest {
  readonly desired: readonly DesiredMember[];
  /** What-if's changes by lower-case ARM id. */
  readonly changes: ReadonlyMap<string, WhatIfChange>;
  /** Recorded resources no longer desired. */
  readonly removed: readonly ResourceState[];
  /** Groups that do not exist yet, lower case: everything in them is created. */
  readonly missingGroups: ReadonlySet<string>;
}

export function mapChanges(request: ChangeMappingRequest): Map<string, BatchChange> {
  const result = new Map<string, BatchChange>();
  for (const member of request.desired) {
    const decided = decide(member, request);
    const unknown = member.unknownPaths.length
      ? `; known after apply: ${member.unknownPaths.join(', ')}`
      : '';
    const sensitivePaths = declaredSensitivePaths(member.resource);
    result.set(member.resource.id, {
      ...decided,
      reason: decided.reason + unknown,
      ...(sensitivePaths.length ? { sensitivePaths } : {}),
    });
  }
  for (const prior of request.removed) {
    result.set(prior.id, {
      action: 'Delete',
      reason: 'removed from spec: deleted by id after the deployment',
      diff: diffObjects(writtenPartOf(prior.attributes), {}),
      sensitivePaths: [...declaredSensitivePaths(prior), ...(prior.sensitivePaths ?? [])],
    });
  }
  return result;
}

function decide(
  member: DesiredMember,
  request: ChangeMappingRequest,
): Omit<BatchChange, 'sensitivePaths'> {
  const { resource, target, prior, priorTarget } = member;
  const created = { diff: diffForCreate(writtenPartOf(resource.attributes)) };
  if (request.missingGroups.has(target.resourceGroup.toLowerCase()))
    return {
      action: prior ? 'Replace' : 'Create',
      reason: `resource group ${target.resourceGroup} does not exist yet: it is created first`,
      ...created,
    };
  if (prior && priorTarget && !sameArmId(priorTarget.armId, target.armId))
    return {
      action: 'Replace',
      reason: `${describeMove(priorTarget, target)}: a new resource is deployed and ${priorTarget.armId} deleted after the deployment`,
      diff: diffObjects(writtenPartOf(prior.attributes), writtenPartOf(resource.attributes)),
    };
  const change = request.changes.get(target.armId.toLowerCase());
  const location = resource.attributes['location'];
  const before = change?.before as { location?: unknown } | undefined;
  if (
    change?.changeType === 'Modify' &&
    typeof location === 'string' &&
    typeof before?.location === 'string' &&
    canonicalLocation(location) !== canonicalLocation(before.location)
  )
    return {
      action: 'Replace',
      reason: `location changes from ${before.location} to ${location}, which ARM cannot move: the resource is deleted, then deployed again`,
      diff: deltaDiff(change.delta ?? []),
    };
  switch (change?.changeType) {
    case 'Create':
      return {
        action: 'Create',
        reason: prior
          ? 'missing in Azure (deleted outside Kusion?): it will be created'
          : 'does not exist in Azure',
        ...created,
      };
    case 'Modify': {
      const diff = [...deltaDiff(change.delta ?? []), ...secretDiff(member)];
      const paths = [...new Set(diff.map((entry) => entry.path))];
      return {
        action: 'Update',
        reason: prior
          ? `what-if: ${summarize(paths)} change${paths.length === 1 ? 's' : ''}`
          : `exists in Azure but not in Kusion's state: deploying adopts it (what-if: ${summarize(paths)} change)`,
        diff,
      };
    }
    case 'NoChange':
    case 'Ignore': {
      if (!prior)
        return {
          action: 'Update',
          reason:
            "exists in Azure as the spec says, but not in Kusion's state: it will be recorded",
        };
      if (member.changedSecrets.length)
        return {
          action: 'Update',
          reason: `secret ${member.changedSecrets.join(', ')} changed since the last deploy (compared by digest: ARM never returns secure values)`,
          diff: secretDiff(member),
        };
      const missing = member.outputPaths.filter((path) => !getAtPath(prior.attributes, path).found);
      if (missing.length)
        return {
          action: 'Update',
          reason: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} now referenced: added as deployment outputs`,
        };
      return { action: 'UnChanged', reason: 'up to date (what-if: NoChange)' };
    }
    case 'Deploy':
      return {
        action: 'Update',
        reason: 'what-if cannot predict its properties (Deploy): it is deployed again',
      };
    case 'Unsupported':
      return {
        action: 'Update',
        reason: `what-if cannot predict it: ${change.unsupportedReason ?? 'no reason given'}; it is deployed again`,
      };
    case 'Delete':
    case undefined:
      return { action: 'Update', reason: 'what-if did not mention it: it is deployed again' };
  }
}

/** A changed secret as a diff entry; its values are never known here, only that they differ. */
function secretDiff(member: DesiredMember): DiffEntry[] {
  return member.changedSecrets.map((path) => ({
    path,
    kind: 'change',
    before: SENSITIVE_MASK,
    after: SENSITIVE_MASK,
  }));
}

/** What-if's nested property changes as field diffs with attribute paths. */
export function deltaDiff(
  delta: readonly WhatIfPropertyChange[],
  base: (string | number)[] = [],
): DiffEntry[] {
  const entries: DiffEntry[] = [];
  for (const change of delta) {
    const path = [...base, ...pathSegments(change.path, base.length > 0)];
    switch (change.propertyChangeType) {
      case 'Create':
        entries.push({ path: formatAttributePath(path), kind: 'add', after: change.after });
        break;
      case 'Delete':
        entries.push({ path: formatAttributePath(path), kind: 'remove', before: change.before });
        break;
      case 'Modify':
      case 'Array':
        if (change.children?.length) entries.push(...deltaDiff(change.children, path));
        else
          entries.push({
            path: formatAttributePath(path),
            kind: 'change',
            before: change.before,
            after: change.after,
          });
        break;
      case 'NoEffect':
        break;
    }
  }
  return entries;
}

/** A what-if path: dotted under an object; a bare index under an array. */
function pathSegments(path: string, isNested: boolean): (string | number)[] {
  if (path === '') return [];
  if (isNested && /^\d+$/.test(path)) return [Number(path)];
  return parseAttributePath(path).map((segment) =>
    /^\d+$/.test(segment) ? Number(segment) : segment,
  );
}

function summarize(paths: readonly string[]): string {
  if (!paths.length) return 'nothing visible';
  return paths.length > 4
    ? `${paths.slice(0, 4).join(', ')} and ${paths.length - 4} more`
    : paths.join(', ');
}

function describeMove(from: AzureTarget, to: AzureTarget): string {
  if (from.type.toLowerCase() !== to.type.toLowerCase())
    return `type changes from ${from.type} to ${to.type}`;
  if (from.resourceGroup.toLowerCase() !== to.resourceGroup.toLowerCase())
    return `resource group changes from ${from.resourceGroup} to ${to.resourceGroup}`;
  return `name changes from ${from.name} to ${to.name}`;
}

export function canonicalLocation(location: string): string {
  return location.replaceAll(' ', '').toLowerCase();
}
