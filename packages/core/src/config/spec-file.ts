/**
 * Reading a Spec file (`--spec-file`), YAML or JSON, including one written by KusionStack Kusion:
 * its top-level `secretStore` and `context` are accepted and dropped (the workspace provides both).
 */
import type { Resource, Spec } from '@kusion/sdk';
import { findDuplicateResourceIds } from './resource-ids.js';
import { assertValidSource } from './schema-validation.js';
import type { SourceFile } from './source-file.js';
import { readUserYamlFile } from './yaml-source.js';

export interface LoadedSpecFile {
  readonly spec: Spec;
  /** The parsed file, for pointing at problems found later (dangling references, cycles). */
  readonly source: SourceFile;
}

/** Reads and validates a Spec; every problem in one `ConfigError`. */
export async function loadSpecFile(path: string): Promise<LoadedSpecFile> {
  // JSON is YAML too, so one parser gives positions for both.
  const source = withoutJsonEnvelope(
    await readUserYamlFile(
      path,
      'pass the path of a Spec written by `kusion generate` (YAML or JSON)',
    ),
  );
  await assertValidSource('spec', source, [findDuplicateResourceIds]);
  // Kusion writes `resources: null` for an empty Spec in JSON.
  const { resources } = source.value as { resources: readonly Resource[] | null };
  return { spec: { resources: resources ?? [] }, source };
}

/** `kusion generate --json` wraps the Spec in the CLI's envelope (`status`, `warnings`): accept it. */
function withoutJsonEnvelope(source: SourceFile): SourceFile {
  const value = source.value;
  if (typeof value !== 'object' || value === null || !('status' in value) || !('warnings' in value))
    return source;
  const { status: _status, warnings: _warnings, ...spec } = value as Record<string, unknown>;
  return { file: source.file, value: spec, locate: (jsonPath) => source.locate(jsonPath) };
}
