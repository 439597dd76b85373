/**
 * Resource Manager names as the API writes them, and the literal forms users may write instead:
 * `projects/{id or number}`, `folders/{n}`, `organizations/{n}`, full resource names
 * (`//cloudresourcemanager.googleapis.com/projects/{n}`) and namespaced tag names (`{org}/{key}`).
 */
import { isKusionPath } from '@kusion/sdk';

export const RESOURCE_MANAGER_SERVICE = '//cloudresourcemanager.googleapis.com/';

/** A string value that is known now (not a reference still waiting for its value). */
export function isKnownString(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !isKusionPath(value);
}

export function isProjectName(value: string): boolean {
  return /^projects\/[^/]+$/.test(value);
}

/** `projects/123`: a project named by number, as the API answers. */
export function isProjectNumberName(value: string): boolean {
  return /^projects\/\d+$/.test(value);
}

export function isContainerName(value: string): boolean {
  return /^(organizations|folders)\/\d+$/.test(value);
}

/** `projects/x`, `folders/1`, `organizations/1` as a full resource name; full names as they are. */
export function fullResourceName(name: string): string {
  if (name.startsWith('//')) return name;
  return `${RESOURCE_MANAGER_SERVICE}${name}`;
}

/** The Resource Manager name inside a full resource name of Resource Manager, else undefined. */
export function resourceManagerName(fullName: string): string | undefined {
  return fullName.startsWith(RESOURCE_MANAGER_SERVICE)
    ? fullName.slice(RESOURCE_MANAGER_SERVICE.length)
    : undefined;
}

/** `123/env` (a key) or `123/env/prod` (a value): an organization number or project id first. */
export function isNamespacedTagName(value: string, parts: 2 | 3): boolean {
  const split = value.split('/');
  return (
    split.length === parts &&
    split.every((part) => part !== '') &&
    !['tagKeys', 'tagValues', 'projects', 'organizations', 'folders'].includes(split[0] ?? '')
  );
}
