/** `validate`: problems the test cloud would refuse, all returned together. */
import { SENSITIVE_PATHS_EXTENSION } from '@kusion/sdk';
import type { Diagnostic, Resource } from '@kusion/sdk';
import { IMMUTABLE_PATHS_EXTENSION } from './prediction.js';

export function validateResources(resources: readonly Resource[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const resource of resources) {
    if (Object.hasOwn(resource.attributes, 'uid')) {
      diagnostics.push({
        message: `resource "${resource.id}": attribute "uid" is reserved: the test cloud assigns it`,
      });
    }
    for (const key of [SENSITIVE_PATHS_EXTENSION, IMMUTABLE_PATHS_EXTENSION]) {
      const value = resource.extensions?.[key];
      if (
        value !== undefined &&
        !(Array.isArray(value) && value.every((path) => typeof path === 'string'))
      ) {
        diagnostics.push({
          message: `resource "${resource.id}": extensions.${key} must be a list of attribute paths, received ${JSON.stringify(value)}`,
        });
      }
    }
  }
  return diagnostics;
}
