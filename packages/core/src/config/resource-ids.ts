import type { Diagnostic } from '@kusion/sdk';
import { diagnosticAt, type SourceFile } from './source-file.js';

/**
 * Every resource whose id was already used earlier in the same file, placed at the repeat. Reads
 * `resources` defensively so it can run alongside schema validation on an invalid file.
 */
export function findDuplicateResourceIds(source: SourceFile): Diagnostic[] {
  const resources = isObject(source.value) ? source.value.resources : undefined;
  if (!Array.isArray(resources)) return [];
  const firstIndexById = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  resources.forEach((resource: unknown, index) => {
    const id = isObject(resource) ? resource.id : undefined;
    if (typeof id !== 'string') return;
    const first = firstIndexById.get(id);
    if (first === undefined) {
      firstIndexById.set(id, index);
      return;
    }
    const firstLine = source.locate(['resources', first, 'id'])?.line;
    const where = `resources[${first}]${firstLine === undefined ? '' : ` (line ${firstLine})`}`;
    diagnostics.push(
      diagnosticAt(
        source,
        ['resources', index, 'id'],
        `duplicate resource id ${JSON.stringify(id)}, first defined at ${where}`,
      ),
    );
  });
  return diagnostics;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
