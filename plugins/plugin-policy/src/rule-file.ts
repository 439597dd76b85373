/**
 * Reading rules: from the plugin's settings (`rules:` inline, or paths of files), from YAML files
 * (validated; every problem reported at its `file:line:column`), or from TypeScript files whose
 * default export is a list of rules (loaded with tsx; custom checks allowed).
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KusionError } from '@kusion/sdk';
import type { Attributes } from '@kusion/sdk';
import { LineCounter, parseDocument } from 'yaml';
import { BUILT_IN_KINDS } from './types.js';
import type { PolicyRule } from './types.js';
import { checkRule } from './rule-checks.js';
import type { Problem } from './rule-checks.js';

/** All rules the settings name, in order. */
export async function loadRules(settings: Attributes, baseDir: string): Promise<PolicyRule[]> {
  const given = settings.rules;
  if (given === undefined)
    throw invalid([
      'settings.rules: missing: a rules file (rules: ./policy.yaml) or a list of rules',
    ]);
  const entries: unknown[] = Array.isArray(given) ? given : [given];
  const rules: PolicyRule[] = [];
  const problems: string[] = [];
  for (const [index, entry] of entries.entries()) {
    if (typeof entry === 'string') {
      rules.push(...(await loadRuleFile(resolve(baseDir, entry))));
      continue;
    }
    const found = checkRule(entry, ['settings', 'rules', index]);
    if (found.problems.length) problems.push(...found.problems.map(describe));
    else if (found.rule) rules.push(found.rule);
  }
  if (problems.length) throw invalid(problems);
  checkUniqueNames(rules);
  return rules;
}

async function loadRuleFile(path: string): Promise<PolicyRule[]> {
  if (/\.(ts|mts|js|mjs)$/.test(path)) return loadTypeScriptRules(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw invalid([`${shown(path)}: file not found`]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${shown(path)}:${line}:${col}`;
  };
  if (document.errors.length)
    throw invalid(document.errors.map((error) => `${at(error.pos[0])}: ${error.message}`));
  const value = document.toJS() as unknown;
  const list = (value as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list))
    throw invalid([
      `${shown(path)}: expected \`rules:\` with a list of rules (kinds: ${BUILT_IN_KINDS.join(', ')})`,
    ]);
  const rules: PolicyRule[] = [];
  const problems: { offset: number; text: string }[] = [];
  list.forEach((entry: unknown, index) => {
    const found = checkRule(entry, ['rules', index]);
    for (const problem of found.problems) {
      const offset = offsetOf(document, problem);
      problems.push({
        offset: offset ?? 0,
        text: `${offset === undefined ? shown(path) : at(offset)}: ${describe(problem)}`,
      });
    }
    if (found.rule) rules.push(found.rule);
  });
  if (problems.length)
    throw invalid(problems.sort((a, b) => a.offset - b.offset).map((problem) => problem.text));
  return rules;
}

type Ranged = { range?: [number, number, number] | null } | null | undefined;

/** Where a problem was written: its value, its key for an unknown field, the object lacking a field. */
function offsetOf(
  document: ReturnType<typeof parseDocument>,
  problem: Problem,
): number | undefined {
  if (problem.isKey) {
    const parent = document.getIn(problem.path.slice(0, -1), true) as
      | { items?: { key?: { range?: [number, number, number] | null; value?: unknown } }[] }
      | undefined;
    const key = parent?.items?.find((pair) => pair.key?.value === problem.path.at(-1))?.key;
    if (key?.range) return key.range[0];
  }
  const node = document.getIn(problem.path, true) as Ranged;
  return node?.range?.[0] ?? keyOffset(document, problem.path);
}

/** A path ending at a key that is not there (a missing property): the object that lacks it. */
function keyOffset(
  document: ReturnType<typeof parseDocument>,
  path: readonly (string | number)[],
): number | undefined {
  for (let length = path.length - 1; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return undefined;
}

async function loadTypeScriptRules(path: string): Promise<PolicyRule[]> {
  const { tsImport } = await import('tsx/esm/api');
  let namespace: Record<string, unknown>;
  try {
    namespace = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw invalid([
      `${shown(path)}: failed to load: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
    ]);
  }
  let exported = namespace.default;
  if (typeof exported === 'object' && exported !== null && '__esModule' in exported)
    exported = (exported as { default?: unknown }).default;
  if (!Array.isArray(exported))
    throw invalid([
      `${shown(path)}: the default export must be a list of rules (export default definePolicy([...]))`,
    ]);
  const rules: PolicyRule[] = [];
  const problems: string[] = [];
  exported.forEach((entry: unknown, index) => {
    const found = checkRule(entry, [index]);
    problems.push(...found.problems.map((problem) => `${shown(path)}: ${describe(problem)}`));
    if (found.rule) rules.push(found.rule);
  });
  if (problems.length) throw invalid(problems);
  return rules;
}

function checkUniqueNames(rules: readonly PolicyRule[]): void {
  const seen = new Set<string>();
  const repeated = rules
    .map((rule) => rule.name)
    .filter((name) => seen.has(name) || !seen.add(name));
  if (repeated.length)
    throw invalid([
      `rule names must be unique; repeated: ${[...new Set(repeated)].map((n) => `"${n}"`).join(', ')}`,
    ]);
}

function describe(problem: Problem): string {
  const where = problem.path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index ? `.${segment}` : segment,
    )
    .join('');
  return where ? `${where}: ${problem.message}` : problem.message;
}

function shown(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? path : fromCwd;
}

function invalid(problems: readonly string[]): KusionError {
  const [first = '', ...rest] = problems;
  return new KusionError(
    'CONFIG_INVALID',
    `policy: ${first}${rest.length ? `; ${rest.join('; ')}` : ''}`,
    {
      hint: `fix the rules; kinds: ${BUILT_IN_KINDS.join(', ')} (see the @kusion/plugin-policy README)`,
    },
  );
}
