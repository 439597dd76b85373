/**
 * Validation against the published JSON Schemas (`packages/core/schemas`). The build compiles them
 * into standalone validators (`dist/config/compiled-schemas.js`), so a CLI run loads no ajv at all;
 * from sources (tests) ajv compiles each schema on first use, with the same options.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, KusionError, type Diagnostic } from '@kusion/sdk';
import type { Ajv, ErrorObject, Options } from 'ajv';
import { corePackageFile } from '../package-files.js';
import { describeSchemaError } from './schema-messages.js';
import { diagnosticAt, sortDiagnostics, type SourceFile } from './source-file.js';

export type SchemaName =
  'project' | 'stack' | 'stack-configuration' | 'spec' | 'workspace' | 'rollout';

export const SCHEMA_NAMES: readonly SchemaName[] = [
  'project',
  'stack',
  'stack-configuration',
  'spec',
  'workspace',
  'rollout',
];

/** The `$id` of a schema; editors fetch it from there. */
export function schemaId(name: SchemaName): string {
  return `https://kusion.dev/schemas/${name}.schema.json`;
}

/** The schema file shipped in the package. */
export function schemaFileUrl(name: SchemaName): URL {
  return corePackageFile(`schemas/${name}.schema.json`);
}

/** A check beyond what a schema can say (e.g. unique ids); must tolerate an invalid value. */
export type SourceCheck = (source: SourceFile) => readonly Diagnostic[];

/** Every schema problem of a parsed file, in file order, each placed where it was written. */
export async function validateSource(
  name: SchemaName,
  source: SourceFile,
): Promise<readonly Diagnostic[]> {
  const validate = await loadValidator(name);
  if (validate(source.value)) return [];
  const errors = validate.errors ?? [];
  const foreign = describeForeignFile(name, source, errors);
  if (foreign) return [foreign];
  return sortDiagnostics(
    errors.map((error) => {
      const problem = describeSchemaError(error, source.value);
      return diagnosticAt(source, problem.path, problem.message);
    }),
  );
}

/**
 * A file none of whose top-level keys the schema knows is another kind of file altogether (a
 * system file named by mistake): one diagnostic saying so, without quoting its keys, which may be
 * anything (user names, password hashes).
 */
function describeForeignFile(
  name: SchemaName,
  source: SourceFile,
  errors: readonly ErrorObject[],
): Diagnostic | undefined {
  const value = source.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const unknownAtRoot = errors.filter(
    (error) => error.keyword === 'additionalProperties' && error.instancePath === '',
  );
  if (keys.length < 2 || unknownAtRoot.length < keys.length) return undefined;
  const parent = unknownAtRoot[0]?.parentSchema as { properties?: object } | undefined;
  const allowed = Object.keys(parent?.properties ?? {});
  return {
    file: source.file,
    line: 1,
    column: 1,
    message: `not a ${name.replace('-', ' ')} file: none of its ${keys.length} top-level keys is one of ${allowed.join(', ')}`,
  };
}

/** Validates a file and runs the extra checks; throws one `ConfigError` with every problem. */
export async function assertValidSource(
  name: SchemaName,
  source: SourceFile,
  checks: readonly SourceCheck[] = [],
): Promise<void> {
  const diagnostics = await sourceProblems(name, source, checks);
  if (diagnostics.length > 0) throw new ConfigError(diagnostics);
}

/** Every problem of a file, schema and extra checks, in file order. */
export async function sourceProblems(
  name: SchemaName,
  source: SourceFile,
  checks: readonly SourceCheck[] = [],
): Promise<Diagnostic[]> {
  return sortDiagnostics([
    ...(await validateSource(name, source)),
    ...checks.flatMap((check) => check(source)),
  ]);
}

type Validator = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

let compiled: Promise<Record<string, Validator> | undefined> | undefined;
let ajvInstance: Promise<Ajv> | undefined;

async function loadValidator(name: SchemaName): Promise<Validator> {
  compiled ??= import(COMPILED_MODULE).then(
    (module) => module as Record<string, Validator>,
    () => undefined,
  );
  const fromBuild = (await compiled)?.[compiledExportName(name)];
  if (fromBuild) return fromBuild;
  ajvInstance ??= createAjv();
  const validate = (await ajvInstance).getSchema(schemaId(name));
  if (!validate) throw new KusionError('INTERNAL', `schema ${name} is not registered`);
  return validate;
}

/**
 * Written by the build next to this file; absent when running from sources. The CLI's bundle gets
 * a copy next to it (packages/cli/scripts/bundle.ts), where this relative import then looks.
 */
const COMPILED_MODULE = './compiled-schemas.js';

/** The export name of a schema's validator in the compiled module. */
export function compiledExportName(name: SchemaName): string {
  return name.replace('-', '_');
}

/** Every schema, parsed. */
export function readSchemas(): Promise<object[]> {
  return Promise.all(
    SCHEMA_NAMES.map(
      async (name) => JSON.parse(await readFile(schemaFileUrl(name), 'utf8')) as object,
    ),
  );
}

/**
 * One ajv configuration for run time and build time. `verbose` keeps each error's data and schema
 * for the messages; schemas are checked against the meta-schema by the tests, not on every start;
 * `logger: false` because library code never prints; `strict` turns would-be warnings into test
 * failures; `unicode: false` keeps the standalone code free of run-time requires.
 */
export function ajvOptions(): Options {
  // `unicode: false` is marked deprecated, but it is the only way to keep ajv's standalone ESM code
  // free of a `require` of its string-length helper; our schemas only bound lengths of ids.
  return {
    allErrors: true,
    verbose: true,
    strict: true,
    validateSchema: false,
    logger: false,
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    unicode: false,
  };
}

async function createAjv(): Promise<Ajv> {
  const [{ Ajv }, schemas] = await Promise.all([import('ajv'), readSchemas()]);
  const ajv = new Ajv(ajvOptions());
  for (const schema of schemas) ajv.addSchema(schema);
  return ajv;
}
