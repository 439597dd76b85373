/** Checks one rule as written: its kind, its fields, their types; every problem, with where. */
import { BUILT_IN_KINDS } from './types.js';
import type { PolicyRule } from './types.js';

export interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** The problem is the key itself (an unknown field), not its value. */
  readonly isKey?: boolean;
}

const COMMON = ['name', 'kind', 'severity', 'types', 'workspaces', 'check'];
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  'deny-public-buckets': [],
  'require-labels': ['labels'],
  'limit-replicas': ['max'],
  'forbid-protected-deletes': [],
};

export function checkRule(
  value: unknown,
  at: readonly (string | number)[],
): { readonly rule?: PolicyRule; readonly problems: readonly Problem[] } {
  const problems: Problem[] = [];
  const problem = (path: readonly (string | number)[], message: string, isKey = false): void => {
    problems.push({ path: [...at, ...path], message, ...(isKey ? { isKey } : {}) });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem([], 'must be a rule: { name, kind, ... }');
    return { problems };
  }
  const rule = value as Record<string, unknown>;
  if (typeof rule.name !== 'string' || rule.name === '')
    problem(['name'], 'missing: every rule has a name');
  const kind = rule.kind;
  const isCustom = kind === undefined && typeof rule.check === 'function';
  if (!isCustom) {
    if (typeof kind !== 'string' || !(BUILT_IN_KINDS as readonly string[]).includes(kind)) {
      problem(
        ['kind'],
        kind === undefined
          ? `missing: one of ${BUILT_IN_KINDS.join(', ')} (or a check function, in TypeScript)`
          : `unknown kind ${JSON.stringify(kind)}; one of ${BUILT_IN_KINDS.join(', ')}`,
      );
    } else {
      const allowed = [...COMMON, ...(FIELDS[kind] ?? [])];
      for (const key of Object.keys(rule))
        if (!allowed.includes(key))
          problem(
            [key],
            `unknown field for ${kind}; allowed: ${allowed.filter((k) => k !== 'check').join(', ')}`,
            true,
          );
      if (kind === 'require-labels' && !isStringList(rule.labels))
        problem(['labels'], 'must list the label keys required, e.g. [team, cost-center]');
      if (kind === 'limit-replicas' && !isLimit(rule.max))
        problem(
          ['max'],
          'must be a number, or numbers per workspace ({ dev: 1, prod: 10, "*": 3 })',
        );
    }
  }
  if (rule.severity !== undefined && rule.severity !== 'error' && rule.severity !== 'warning')
    problem(
      ['severity'],
      `must be "error" or "warning", received ${JSON.stringify(rule.severity)}`,
    );
  for (const key of ['types', 'workspaces'] as const)
    if (rule[key] !== undefined && !isStringList(rule[key]))
      problem([key], 'must be a list of names');
  return problems.length ? { problems } : { rule: rule as unknown as PolicyRule, problems };
}

function isStringList(value: unknown): value is string[] {
  return (
    Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')
  );
}

function isLimit(value: unknown): boolean {
  const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  return (
    isCount(value) ||
    (typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every(isCount))
  );
}
