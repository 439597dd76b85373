/**
 * The query language of SearchProjects, SearchFolders and SearchOrganizations: terms
 * `field:value` or `field=value`, case-insensitive, `*` as a suffix wildcard (`name:how*`) or as
 * "any value" (`labels.color:*`), `NOT`, explicit `AND` / `OR`, and quoted values. Terms side by
 * side combine as each method documents (SearchProjects: any of them; SearchFolders: all of them).
 */
import { invalidArgument } from './rpc-error.ts';

/** The fields a method's query accepts (lower-cased names) and their values on a resource. */
export interface QueryFields<T> {
  isKnown(field: string): boolean;
  values(field: string, resource: T): readonly string[];
}

export interface CompiledQuery<T> {
  matches(resource: T): boolean;
  /** The fields the query mentions, lower-cased (to tell whether it filters by state). */
  readonly fields: ReadonlySet<string>;
}

interface Term {
  readonly field: string;
  readonly value: string;
  readonly isNegated: boolean;
}

export function compileQuery<T>(
  query: string | undefined,
  queryFields: QueryFields<T>,
  juxtaposition: 'AND' | 'OR',
): CompiledQuery<T> {
  // OR of ANDs of runs of terms written side by side.
  const alternatives: Term[][][] = [[[]]];
  let negateNext = false;
  for (const token of tokenize(query ?? '')) {
    const current = alternatives[alternatives.length - 1] ?? [];
    if (token === 'OR') alternatives.push([[]]);
    else if (token === 'AND') current.push([]);
    else if (token === 'NOT') negateNext = true;
    else {
      current[current.length - 1]?.push({ ...parseTerm(token), isNegated: negateNext });
      negateNext = false;
    }
  }
  const fields = new Set(alternatives.flat(2).map((term) => term.field));
  for (const field of fields) {
    if (!queryFields.isKnown(field)) {
      throw invalidArgument(`Unsupported field in query: ${field}.`, [
        { field: 'query', description: `unsupported field ${field}` },
      ]);
    }
  }
  const runMatches = (run: readonly Term[], resource: T): boolean => {
    if (run.length === 0) return true;
    const results = run.map((term) => termMatches(term, queryFields.values(term.field, resource)));
    return juxtaposition === 'AND' ? results.every(Boolean) : results.some(Boolean);
  };
  return {
    fields,
    matches: (resource) =>
      alternatives.some((runs) => runs.every((run) => runMatches(run, resource))),
  };
}

function termMatches(term: Term, values: readonly string[]): boolean {
  const wanted = term.value.toLowerCase();
  const isMatch =
    wanted === '*'
      ? values.length > 0
      : values.some((value) =>
          wanted.endsWith('*')
            ? value.toLowerCase().startsWith(wanted.slice(0, -1))
            : value.toLowerCase() === wanted,
        );
  return term.isNegated ? !isMatch : isMatch;
}

function parseTerm(token: string): Omit<Term, 'isNegated'> {
  const match = /^([A-Za-z][A-Za-z0-9_.-]*)\s*[:=]\s*(.*)$/s.exec(token);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw invalidArgument(`Invalid query term '${token}': expected field:value or field=value.`, [
      { field: 'query', description: `invalid term ${token}` },
    ]);
  }
  return { field: match[1].toLowerCase(), value: unquote(match[2]) };
}

function unquote(value: string): string {
  const unescaped = value.replace(/\\"/g, '"');
  return /^".*"$/s.test(unescaped) ? unescaped.slice(1, -1) : unescaped;
}

/** Splits on whitespace outside quotes; `field = value` written with spaces is one term. */
function tokenize(query: string): string[] {
  const tokens: string[] = [];
  for (const token of query.match(/(?:[^\s"]+|"(?:[^"\\]|\\.)*")+/g) ?? []) {
    if (token.startsWith('(') || token.endsWith(')')) {
      throw invalidArgument('Parentheses are not supported in this query.', [
        { field: 'query', description: 'parentheses' },
      ]);
    }
    const previous = tokens[tokens.length - 1];
    const joinsPrevious = previous !== undefined && (/[:=]$/.test(previous) || /^[:=]/.test(token));
    if (joinsPrevious) tokens[tokens.length - 1] = `${previous}${token}`;
    else tokens.push(token);
  }
  return tokens;
}
