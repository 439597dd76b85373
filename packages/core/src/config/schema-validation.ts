/**
 * Validation against the published JSON Schemas (`packages/core/schemas`). ajv is imported and
 * each schema compiled on first use, once per process: a CLI run that never validates pays nothing.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, KusionError, type Diagnostic } from '@kusion/sdk';
import type { Ajv } from 'ajv';
import { describeSchemaError } from './schema-messages.js';
import { diagnosticAt, sortDiagnostics, type SourceFile } from './source-file.js';

export type SchemaName = 'project' | 'stack' | 'stack-configuration' | 'spec' | 'workspace';

const SCHEMA_NAMES: readonly SchemaName[] = [
  'project',
  'stack',
  'stack-configuration',
  'spec',
  'workspace',
];

/** The `$id` of a schema; editors fetch it from there. */
export function schemaId(name: SchemaName): string {
  return `https://kusion.dev/schemas/${name}.schema.json`;
}

/** The schema file shipped in the package (`src/config` and `dist/config` are both two levels down). */
export function schemaFileUrl(name: SchemaName): URL {
  return new URL(`../../schemas/${name}.schema.json`, import.meta.url);
}

/** A check beyond what a schema can say (e.g. unique ids); must tolerate an invalid value. */
export type SourceCheck = (source: SourceFile) => readonly Diagnostic[];

/** Every schema problem of a parsed file, in file order, each placed where it was written. */
export async function validateSource(
  name: SchemaName,
  source: SourceFile,
): Promise<readonly Diagnostic[]> {
  const ajv = await loadAjv();
  const validate = ajv.getSchema(schemaId(name));
  if (!validate) throw new KusionError('INTERNAL', `schema ${name} is not registered`);
  if (validate(source.value)) return [];
  return sortDiagnostics(
    (validate.errors ?? []).map((error) => {
      const problem = describeSchemaError(error, source.value);
      return diagnosticAt(source, problem.path, problem.message);
    }),
  );
}

/** Validates a file and runs the extra checks; throws one `ConfigError` with every problem. */
export async function assertValidSource(
  name: SchemaName,
  source: SourceFile,
  checks: readonly SourceCheck[] = [],
): Promise<void> {
  const diagnostics = [
    ...(await validateSource(name, source)),
    ...checks.flatMap((check) => check(source)),
  ];
  if (diagnostics.length > 0) throw new ConfigError(sortDiagnostics(diagnostics));
}

let ajvInstance: Promise<Ajv> | undefined;

function loadAjv(): Promise<Ajv> {
  ajvInstance ??= createAjv();
  return ajvInstance;
}

async function createAjv(): Promise<Ajv> {
  const [{ Ajv }, schemas] = await Promise.all([
    import('ajv'),
    Promise.all(
      SCHEMA_NAMES.map(
        async (name) => JSON.parse(await readFile(schemaFileUrl(name), 'utf8')) as object,
      ),
    ),
  ]);
  // `verbose` keeps each error's data and schema for the messages; the schemas are checked against
  // the meta-schema by the tests, not on every start (that alone costs ~15 ms); `logger: false`
  // because library code never prints, and `strict` turns would-be warnings into test failures.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    validateSchema: false,
    logger: false,
  });
  for (const schema of schemas) ajv.addSchema(schema);
  return ajv;
}
