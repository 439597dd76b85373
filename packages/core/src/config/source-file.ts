/**
 * A parsed user file and the way back from a value to where it was written, so every stage (schema
 * validation now, the graph later) can point at `file:line:column`.
 */
import type { Diagnostic } from '@kusion/sdk';

/** A path into a parsed document: object keys and array indexes, e.g. `['resources', 3, 'type']`. */
export type JsonPath = readonly (string | number)[];

/** Where something was written in a user's file. */
export interface Location {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** A parsed user file. */
export interface SourceFile {
  /** The path as shown to the user: relative to the working folder when inside it. */
  readonly file: string;
  readonly value: unknown;
  /**
   * Where the value at `path` was written: the key of an object member, the start of an array item.
   * When the path goes deeper than the file (through an alias or merge key), the nearest enclosing
   * place. `undefined` when positions are unknown (a configuration loaded from `main.ts`).
   */
  locate(path: JsonPath): Location | undefined;
}

/** A source without positions: a value produced by code rather than parsed from text. */
export function createPlainSource(file: string, value: unknown): SourceFile {
  return { file, value, locate: () => undefined };
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** Renders a path as people write it: `resources[3].type`, `apps["my.app"]`. */
export function formatJsonPath(path: JsonPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** A diagnostic about the value at `path`, placed where the source says it was written. */
export function diagnosticAt(source: SourceFile, path: JsonPath, message: string): Diagnostic {
  const where = formatJsonPath(path);
  const location = source.locate(path);
  return {
    message: where ? `${where}: ${message}` : message,
    file: source.file,
    line: location?.line,
    column: location?.column,
    path: where || undefined,
  };
}

/** Orders diagnostics as they appear in their files; those without a position keep their order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort(
      (a, b) =>
        (a.diagnostic.line ?? Infinity) - (b.diagnostic.line ?? Infinity) ||
        (a.diagnostic.column ?? 0) - (b.diagnostic.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ diagnostic }) => diagnostic);
}
