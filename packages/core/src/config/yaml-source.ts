/**
 * YAML (and JSON, its subset) parsed with positions: syntax errors become diagnostics with
 * `file:line:column`, and `locate` maps a value's path back to where it was written.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { ConfigError, type Diagnostic } from '@kusion/sdk';
import type * as Yaml from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { displayPath } from './display-path.js';
import { isNotFound } from './file-system.js';
import { sortDiagnostics, type JsonPath, type Location, type SourceFile } from './source-file.js';

/**
 * Parses one YAML document. Throws a `ConfigError` listing every syntax error (duplicate keys
 * included) with its position. `file` is the name used in messages.
 */
export function parseYamlSource(text: string, file: string): SourceFile {
  // Fast path: js-yaml parses large files several times faster than a positional parse; the
  // positional document is built only when something needs a line number.
  let value: unknown;
  try {
    value = load(text, { schema: FAST_SCHEMA, filename: file });
  } catch {
    return parsePositionalSource(text, file);
  }
  let positional: SourceFile | undefined;
  return {
    file,
    value,
    locate: (path) => (positional ??= parsePositionalSource(text, file)).locate(path),
  };
}

const requireHere = createRequire(import.meta.url);
let yamlLibrary: typeof Yaml | undefined;

/** The positional parser (74 modules) loads only when a line number is needed; most runs never do. */
/** The yaml library, loaded on first use (a `--json` run that reads no YAML never loads it). */
export function yaml(): typeof Yaml {
  return (yamlLibrary ??= requireHere('yaml') as typeof Yaml);
}

/** YAML 1.2 core schema plus merge keys (`<<: *defaults`), which Kubernetes users write. */
const FAST_SCHEMA = CORE_SCHEMA.withTags(mergeTag);

function parsePositionalSource(text: string, file: string): SourceFile {
  const lineCounter = new (yaml().LineCounter)();
  // Merge keys (`<<: *defaults`) are YAML 1.1, but Kubernetes users write them.
  const document = yaml().parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  const at = (offset: number): Location => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  if (document.errors.length > 0) {
    // After a real syntax error the parser's further errors are knock-on noise: report the first.
    // Duplicate keys are independent of each other, so all of them are reported.
    const syntaxError = document.errors.find((error) => error.code !== 'DUPLICATE_KEY');
    const errors = syntaxError ? [syntaxError] : document.errors;
    const diagnostics = errors.map((error): Diagnostic => ({
      ...at(error.pos[0]),
      message: describeSyntaxError(error, document),
    }));
    throw new ConfigError(sortDiagnostics(diagnostics));
  }

  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // An alias without its anchor, or too many aliases (a "billion laughs" file).
    const offset = unresolvedAliasOffset(document);
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ ...(offset === undefined ? { file } : at(offset)), message }], {
      cause: error,
    });
  }

  return { file, value, locate: (path) => at(offsetOf(document, path)) };
}

/** Reads a user's YAML (or JSON) file; a missing one is a `ConfigError` with `hint` on what to pass. */
export async function readUserYamlFile(path: string, hint: string): Promise<SourceFile> {
  const absolutePath = resolve(path);
  try {
    return await readYamlSource(absolutePath);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new ConfigError([{ file: displayPath(absolutePath), message: 'file not found' }], {
      cause: error,
      hint,
    });
  }
}

/**
 * Reads and parses a YAML file; a missing file rejects with the file system's error. A file that
 * is not text (a binary, or a symlink to one) is refused without quoting any of it.
 */
export async function readYamlSource(path: string): Promise<SourceFile> {
  const file = displayPath(path);
  return parseYamlSource(decodeText(await readFile(path), file), file);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or a `ConfigError` when it holds NUL bytes or is not UTF-8. */
export function decodeText(bytes: Uint8Array, file: string): string {
  let text: string | undefined;
  try {
    text = bytes.includes(0) ? undefined : strictUtf8.decode(bytes);
  } catch {
    text = undefined;
  }
  if (text !== undefined) return text;
  throw new ConfigError(
    [{ file, message: 'not a text file: it holds binary data, not YAML or JSON' }],
    { hint: 'check the path: it should name a configuration file written in YAML or JSON' },
  );
}

function describeSyntaxError(error: YAMLError, document: Document): string {
  if (error.code === 'DUPLICATE_KEY') {
    const key = keyStartingAt(document, error.pos[0]);
    return key === undefined ? 'duplicate key' : `duplicate key ${JSON.stringify(key)}`;
  }
  if (error.code === 'MULTIPLE_DOCS') {
    return 'more than one YAML document (`---`); this file holds exactly one';
  }
  return error.message;
}

function keyStartingAt(document: Document, offset: number): string | undefined {
  let key: string | undefined;
  yaml().visit(document, {
    Pair(_, pair) {
      if (yaml().isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = keyText(pair.key.value);
        return yaml().visit.BREAK;
      }
      return undefined;
    },
  });
  return key;
}

function unresolvedAliasOffset(document: Document): number | undefined {
  let offset: number | undefined;
  yaml().visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) === undefined) {
        offset = alias.range?.[0];
        return yaml().visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

/** The offset of the deepest node of `path` the document holds (object members: their key). */
function offsetOf(document: Document, path: JsonPath): number {
  let node: unknown = document.contents;
  let offset = yaml().isNode(node) ? (node.range?.[0] ?? 0) : 0;
  for (const segment of path) {
    if (yaml().isAlias(node)) node = node.resolve(document);
    if (yaml().isMap(node)) {
      const pair = node.items.find(
        (item) => yaml().isScalar(item.key) && keyText(item.key.value) === String(segment),
      );
      if (!pair || !yaml().isScalar(pair.key)) break;
      offset = pair.key.range?.[0] ?? offset;
      node = pair.value;
    } else if (yaml().isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!yaml().isNode(item)) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function keyText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return undefined;
}
