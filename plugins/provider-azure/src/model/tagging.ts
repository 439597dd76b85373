/**
 * Ownership tags: `kusion-project`, `kusion-stack` and `kusion-workspace` on every resource that
 * takes tags (top-level, tracked resources; ARM's child resources such as subnets or blob
 * containers have none), after the user's own tags. The `kusion-` prefix is reserved.
 */
import type { ProviderContext } from '@kusion/sdk';
import { isRecord, isTopLevel } from './azure-resource.js';

export const TAG_PREFIX = 'kusion-';

export function ownershipTags(context: ProviderContext): Record<string, string> {
  return {
    'kusion-project': context.project,
    'kusion-stack': context.stack,
    'kusion-workspace': context.workspace,
  };
}

/** The tags a template gives a resource: the user's, then ownership tags where the type takes tags. */
export function withOwnershipTags(type: string, tags: unknown, context: ProviderContext): unknown {
  if (!isTopLevel(type)) return tags;
  if (tags === undefined) return ownershipTags(context);
  if (!isRecord(tags)) return tags; // an ARM expression: left alone
  return { ...tags, ...ownershipTags(context) };
}

/** Live tags as the user sees them: ownership tags left out, `undefined` when none remain. */
export function withoutOwnershipTags(tags: unknown): unknown {
  if (!isRecord(tags)) return tags;
  const kept = Object.entries(tags).filter(([key]) => !key.toLowerCase().startsWith(TAG_PREFIX));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** Whether the tags name this project, stack and workspace as their owner. */
export function isOwnedBy(tags: unknown, context: ProviderContext): boolean {
  if (!isRecord(tags)) return false;
  return Object.entries(ownershipTags(context)).every(([key, value]) => tags[key] === value);
}

/** User tag keys that use the reserved prefix. */
export function reservedTagKeys(tags: unknown): string[] {
  return isRecord(tags)
    ? Object.keys(tags).filter((key) => key.toLowerCase().startsWith(TAG_PREFIX))
    : [];
}
