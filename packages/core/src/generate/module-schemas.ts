/**
 * Validation against the JSON Schemas modules bring (`schemas.app`, `schemas.platform`). Modules
 * are loaded at run time, so their schemas are compiled then — once per schema object — by ajv,
 * draft-07 or 2020-12 as the schema's `$schema` says. Problems come back as paths and messages in
 * the same words as the engine's own schemas (`must be an integer, received "two"`).
 */
import { KusionError } from '@kusion/sdk';
import type { JsonSchema } from '@kusion/sdk';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { describeSchemaError } from '../config/schema-messages.js';
import type { SchemaProblem } from '../config/schema-messages.js';

export interface SchemaCheck {
  readonly schema: JsonSchema;
  /** Names the schema in an error when it does not compile: `module postgres (schemas.app)`. */
  readonly owner: string;
  /** Top-level keys the engine owns, accepted even where the schema forbids unknown keys. */
  readonly engineKeys?: readonly string[];
}

/** Every problem of `value` against the schema, in the order ajv found them. */
export async function validateAgainst(
  check: SchemaCheck,
  value: unknown,
): Promise<SchemaProblem[]> {
  const validate = await compile(check);
  if (validate(value)) return [];
  return (validate.errors ?? [])
    .filter((error) => !isEngineKey(error, check.engineKeys ?? []))
    .map((error) => describeSchemaError(error, value));
}

function isEngineKey(error: ErrorObject, engineKeys: readonly string[]): boolean {
  return (
    error.keyword === 'additionalProperties' &&
    error.instancePath === '' &&
    engineKeys.includes(
      String((error.params as { additionalProperty?: unknown }).additionalProperty),
    )
  );
}

const compiled = new WeakMap<object, ValidateFunction>();

async function compile(check: SchemaCheck): Promise<ValidateFunction> {
  const cached = compiled.get(check.schema);
  if (cached) return cached;
  const ajv = await ajvFor(check.schema);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(check.schema);
  } catch (error) {
    throw new KusionError(
      'PLUGIN_LOAD_FAILED',
      `${check.owner} is not a JSON Schema ajv can compile: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, hint: 'this is a bug in the module: fix its schema (draft-07 or 2020-12)' },
    );
  }
  compiled.set(check.schema, validate);
  return validate;
}

type Draft = '07' | '2019' | '2020';
/** What the three ajv classes (one per draft) have in common here. */
interface SchemaCompiler {
  compile(schema: JsonSchema): ValidateFunction;
}
const instances = new Map<Draft, Promise<SchemaCompiler>>();

/** One ajv per draft, made on first use: most runs validate nothing but the engine's own files. */
function ajvFor(schema: JsonSchema): Promise<SchemaCompiler> {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  const draft: Draft = declared.includes('2020-12')
    ? '2020'
    : declared.includes('2019-09')
      ? '2019'
      : '07';
  let instance = instances.get(draft);
  if (!instance) {
    instance = createAjv(draft);
    instances.set(draft, instance);
  }
  return instance;
}

/**
 * Not `strict`: a module's schema may carry keywords of its own (`x-ui`...). `verbose` keeps each
 * error's data and schema for the messages; `logger: false` because library code never prints.
 */
const OPTIONS: Options = { allErrors: true, verbose: true, strict: false, logger: false };

async function createAjv(draft: Draft): Promise<SchemaCompiler> {
  switch (draft) {
    case '2020': {
      const { Ajv2020 } = await import('ajv/dist/2020.js');
      return new Ajv2020(OPTIONS);
    }
    case '2019': {
      const { Ajv2019 } = await import('ajv/dist/2019.js');
      return new Ajv2019(OPTIONS);
    }
    case '07': {
      const { Ajv } = await import('ajv');
      return new Ajv(OPTIONS);
    }
  }
}
