/**
 * Turns an ajv error into a message a person can act on: where (as a path), what was received and
 * what is expected. ajv's own texts ("must NOT have additional properties") say neither.
 */
import type { ErrorObject } from 'ajv';
import type { JsonPath } from './source-file.js';

export interface SchemaProblem {
  readonly path: JsonPath;
  readonly message: string;
}

/** Describes one error of a validator compiled with `verbose: true` (so it carries its data). */
export function describeSchemaError(error: ErrorObject, root: unknown): SchemaProblem {
  const path = toJsonPath(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  const received = `received ${describeValue(error.data, path.length === 0)}`;
  switch (error.keyword) {
    case 'type':
      return { path, message: `must be ${describeTypes(params.type)}, ${received}` };
    case 'required':
      return { path, message: `missing required property ${quote(params.missingProperty)}` };
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(asRecord(asRecord(error.parentSchema).properties));
      return { path: [...path, key], message: describeUnknownKey(key, allowed) };
    }
    case 'enum': {
      const values = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return { path, message: `must be one of ${values.map(quote).join(', ')}, ${received}` };
    }
    case 'const':
      return { path, message: `must be ${quote(params.allowedValue)}, ${received}` };
    case 'minLength':
      return params.limit === 1
        ? { path, message: `must be a non-empty string, ${received}` }
        : {
            path,
            message: `must be at least ${String(params.limit)} characters long, ${received}`,
          };
    case 'minItems':
      return { path, message: `must list at least ${String(params.limit)} item(s), ${received}` };
    case 'minProperties':
      return {
        path,
        message: `must have at least ${String(params.limit)} entry(ies), ${received}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path,
        message: `must be ${String(params.comparison)} ${String(params.limit)}, ${received}`,
      };
    case 'pattern':
      return { path, message: `must match /${String(params.pattern)}/, ${received}` };
    default:
      return { path, message: `${error.message ?? 'is invalid'}, ${received}` };
  }
}

/** JSON pointer (`/resources/3/type`) to path segments, with numbers where the value is an array. */
function toJsonPath(pointer: string, root: unknown): JsonPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let value = root;
  for (const escaped of pointer.slice(1).split('/')) {
    const segment = escaped.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(value)) {
      const index = Number(segment);
      path.push(index);
      value = value[index];
    } else {
      path.push(segment);
      value = asRecord(value)[segment];
    }
  }
  return path;
}

function describeUnknownKey(key: string, allowed: readonly string[]): string {
  const suggestion = closest(key, allowed);
  const hint = suggestion === undefined ? '' : ` (did you mean ${quote(suggestion)}?)`;
  const list = allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '';
  return `unknown property ${quote(key)}${hint}${list}`;
}

/** The allowed key a typo most likely meant: same letters in another case, or 1-2 edits away. */
export function closest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.min(2, Math.floor(key.length / 3)));
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance - 1;
    }
  }
  return best;
}

/** Edits (insert, delete, replace, swap two neighbours) to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, at(i - 2, j - 2) + 1);
      }
      (rows[i] ?? [])[j] = distance;
    }
  }
  return at(a.length, b.length);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function describeTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((name) => TYPE_NAMES[String(name)] ?? String(name)).join(' or ');
}

/**
 * What a value is, short enough for one line. A whole file that is one string is not quoted: it is
 * most likely not a configuration at all (a system file a path or symlink named by mistake), and
 * its first bytes are nobody's business in an error message.
 */
export function describeValue(value: unknown, isRoot = false): string {
  if (isRoot && (value === null || value === undefined)) return 'an empty file';
  if (isRoot && typeof value === 'string')
    return `plain text of ${value.length} characters, not keys and values (is this the right file?)`;
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return quote(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') {
    return Object.keys(value).length === 0 ? 'an empty object' : 'an object';
  }
  return `a ${typeof value}`;
}

function quote(value: unknown): string {
  return JSON.stringify(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
