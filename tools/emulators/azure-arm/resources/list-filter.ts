/**
 * The `$filter` of resource listings, as far as the emulator understands it: `resourceType eq`,
 * `name eq`, `tagName eq` and `tagValue eq` clauses joined by `and`. Anything else is refused
 * rather than ignored, so a caller never mistakes an unfiltered list for a filtered one.
 */
import { ArmError } from '../http/arm-error.ts';
import { textOf } from '../json-value.ts';
import type { JsonObject } from '../json-value.ts';

export type ResourcePredicate = (resource: JsonObject) => boolean;

const CLAUSE = /^\s*(resourceType|name|tagName|tagValue)\s+eq\s+'((?:[^']|'')*)'\s*$/i;

export function parseResourceFilter(filter: string | null): ResourcePredicate {
  if (filter === null || filter.trim() === '') return () => true;
  const clauses = filter.split(/\s+and\s+/i).map((clause) => {
    const match = CLAUSE.exec(clause);
    if (match?.[1] === undefined || match[2] === undefined)
      throw new ArmError(
        400,
        'InvalidFilterInQueryString',
        `The $filter '${filter}' is not supported by the ARM emulator: it understands resourceType eq, name eq, tagName eq and tagValue eq clauses joined by 'and'.`,
      );
    return { field: match[1].toLowerCase(), value: match[2].replaceAll("''", "'") };
  });
  const tagName = clauses.find(({ field }) => field === 'tagname')?.value;
  return (resource) =>
    clauses.every(({ field, value }) => {
      const tags = (resource['tags'] ?? {}) as JsonObject;
      switch (field) {
        case 'resourcetype':
          return textOf(resource['type']).toLowerCase() === value.toLowerCase();
        case 'name':
          return textOf(resource['name']).toLowerCase() === value.toLowerCase();
        case 'tagname':
          return Object.keys(tags).some((key) => key.toLowerCase() === value.toLowerCase());
        default:
          return Object.entries(tags).some(
            ([key, tagValue]) =>
              (tagName === undefined || key.toLowerCase() === tagName.toLowerCase()) &&
              tagValue === value,
          );
      }
    });
}
