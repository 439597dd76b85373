/**
 * Reading raw manifests: each path is a file or a folder (walked recursively, `.yaml`, `.yml` and
 * `.json` files in name order), each file holds one or more YAML documents (JSON is YAML), and a
 * `v1` `List` stands for its items. Every problem names the file and line, and all are reported
 * together.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '@kusion/sdk';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ReadManifest {
  readonly manifest: Record<string, unknown>;
  /** `path/to/file.yaml:12`, as shown to the user. */
  readonly where: string;
}

export interface ReadOutcome {
  readonly manifests: ReadManifest[];
  readonly problems: Diagnostic[];
}

/** `paths` resolved against `projectDir` (absolute ones as they are). */
export async function readManifests(
  projectDir: string,
  paths: readonly string[],
): Promise<ReadOutcome> {
  const outcome: ReadOutcome = { manifests: [], problems: [] };
  for (const path of paths) {
    const files = await filesOf(isAbsolute(path) ? path : join(projectDir, path)).catch(
      (error: unknown) => {
        outcome.problems.push({
          message: `${path}: ${(error as { code?: unknown }).code === 'ENOENT' ? 'no such file or folder' : String(error)} (paths are relative to the project folder ${projectDir})`,
        });
        return [];
      },
    );
    for (const file of files)
      await readFileManifests(file, relative(projectDir, file) || file, outcome);
  }
  return outcome;
}

async function filesOf(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && EXTENSIONS.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function readFileManifests(file: string, shown: string, outcome: ReadOutcome): Promise<void> {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(await readFile(file, 'utf8'), { lineCounter });
  const at = (offset: number) => `${shown}:${lineCounter.linePos(offset).line}`;
  const documentList = Array.isArray(documents) ? documents : [documents];
  for (const document of documentList) {
    // Where the object starts, not its `---` marker or leading comments.
    const start = document.contents?.range[0] ?? document.range[0];
    const line = lineCounter.linePos(start).line;
    if (document.errors.length) {
      for (const error of document.errors) {
        outcome.problems.push({
          file: shown,
          line: lineCounter.linePos(error.pos[0]).line,
          message: error.message,
        });
      }
      continue;
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const items = isList(value) ? (value['items'] as unknown[]) : [value];
    for (const item of items) {
      const problem = manifestProblem(item);
      if (problem) outcome.problems.push({ file: shown, line, message: problem });
      else outcome.manifests.push({ manifest: item as Record<string, unknown>, where: at(start) });
    }
  }
}

function isList(value: unknown): value is Record<string, unknown> {
  const record = value as Record<string, unknown>;
  return typeof value === 'object' && record['kind'] === 'List' && Array.isArray(record['items']);
}

function manifestProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'a document must be a Kubernetes object (apiVersion, kind, metadata.name)';
  const record = value as Record<string, unknown>;
  const metadata = record['metadata'] as Record<string, unknown> | undefined;
  const missing = [
    typeof record['apiVersion'] === 'string' ? undefined : 'apiVersion',
    typeof record['kind'] === 'string' ? undefined : 'kind',
    typeof metadata?.['name'] === 'string' ? undefined : 'metadata.name',
  ].filter((field) => field !== undefined);
  return missing.length ? `the object has no ${missing.join(', ')}` : undefined;
}
