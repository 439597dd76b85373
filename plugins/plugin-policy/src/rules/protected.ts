/** `forbid-protected-deletes`: what marks a resource protected. */
import type { Resource } from '@kusion/sdk';
import { annotationsOf, labelsOf } from './attributes.js';

export const PROTECTED_MARKER = 'kusion.dev/protected';

export function isProtected(resource: Resource | undefined): boolean {
  if (!resource) return false;
  if (resource.extensions?.protected === true) return true;
  const marked = (value: unknown): boolean => value === true || value === 'true';
  return (
    marked(annotationsOf(resource.attributes).get(PROTECTED_MARKER)) ||
    marked(labelsOf(resource.attributes).get(PROTECTED_MARKER))
  );
}
