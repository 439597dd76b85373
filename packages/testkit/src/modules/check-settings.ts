/**
 * A module's JSON Schemas, checked the way the engine will use them: each must be a valid JSON
 * Schema (draft-07, or 2020-12 when its `$schema` says so) that ajv compiles in strict mode, and a
 * case's settings must validate against them. Problems are returned as lines, not thrown, so a
 * caller can report them all at once.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { JsonSchema, ModuleRegistration } from '@kusion/sdk';

export type SchemaTarget = 'app' | 'platform';

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** Strict like the engine's: an unknown keyword or a type-less constraint is a mistake. */
const AJV_OPTIONS: Options = { allErrors: true, strict: true, logger: false };

/** Every problem of the module's schemas: not a valid JSON Schema, or not compilable. */
export function checkSchemas(module: ModuleRegistration): string[] {
  const problems: string[] = [];
  for (const target of ['app', 'platform'] as const) {
    const schema = module.schemas?.[target];
    if (schema === undefined) continue;
    const outcome = compile(schema);
    if ('problem' in outcome) problems.push(`schemas.${target}: ${outcome.problem}`);
  }
  return problems;
}

export interface SettingsToCheck {
  /** The part's value (the workload, or the accessory with its `module`). */
  readonly app?: unknown;
  /** The platform configuration. */
  readonly platform?: unknown;
}

/** Every way the settings break the module's schemas, as `app /containers/web/image: must be string`. */
export function checkSettings(module: ModuleRegistration, settings: SettingsToCheck): string[] {
  const problems: string[] = [];
  for (const target of ['app', 'platform'] as const) {
    const schema = module.schemas?.[target];
    const value = settings[target];
    if (schema === undefined || value === undefined) continue;
    const outcome = compile(schema);
    if ('problem' in outcome) {
      problems.push(`schemas.${target}: ${outcome.problem}`);
      continue;
    }
    if (!outcome.validate(value)) {
      problems.push(
        ...(outcome.validate.errors ?? []).map((error) => `${target} ${describe(error)}`),
      );
    }
  }
  return problems;
}

type Compiled = { readonly validate: ValidateFunction } | { readonly problem: string };

function compile(schema: JsonSchema): Compiled {
  const ajv = schema['$schema'] === DRAFT_2020 ? new Ajv2020(AJV_OPTIONS) : new Ajv(AJV_OPTIONS);
  if (!ajv.validateSchema(schema)) {
    return { problem: `not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}` };
  }
  try {
    return { validate: ajv.compile(schema) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? '(root)' : error.instancePath;
  const detail =
    error.keyword === 'additionalProperties'
      ? `unknown property "${String((error.params as { additionalProperty?: unknown }).additionalProperty)}"`
      : error.keyword === 'enum'
        ? `${error.message ?? 'must be one of the allowed values'}: ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`
        : (error.message ?? error.keyword);
  return `${at}: ${detail}`;
}
