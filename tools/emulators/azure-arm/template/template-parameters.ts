/**
 * Template parameters: the values a deployment provides checked against the declarations (type,
 * `allowedValues`), defaults for the rest, and secure types remembered so they are never echoed.
 */
import { isJsonObject, propertyOf, textOf } from '../json-value.ts';
import type { JsonObject, JsonValue } from '../json-value.ts';
import { invalidTemplate } from './template-errors.ts';

export type ParameterType =
  'String' | 'SecureString' | 'Int' | 'Bool' | 'Object' | 'SecureObject' | 'Array';

const TYPES: ReadonlyMap<string, ParameterType> = new Map([
  ['string', 'String'],
  ['securestring', 'SecureString'],
  ['int', 'Int'],
  ['bool', 'Bool'],
  ['object', 'Object'],
  ['secureobject', 'SecureObject'],
  ['array', 'Array'],
]);

export interface TemplateParameter {
  readonly name: string;
  readonly type: ParameterType;
  readonly value: JsonValue;
  readonly isSecure: boolean;
}

/** ARM's type names (as in outputs and echoed parameters) for a declared type. */
export function canonicalType(declared: JsonValue | undefined, path: string): ParameterType {
  const type = typeof declared === 'string' ? TYPES.get(declared.toLowerCase()) : undefined;
  if (type === undefined)
    throw invalidTemplate(
      `The template '${path}' has an invalid type '${textOf(declared)}'. The allowed types are '${[...TYPES.values()].join(', ')}'`,
      path,
    );
  return type;
}

function actualType(value: JsonValue): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (typeof value === 'boolean') return 'Boolean';
  return 'Object';
}

/** Null when `value` is of `type`, else the JToken message ARM gives. */
export function typeProblem(type: ParameterType, value: JsonValue): string | null {
  const expected: Readonly<Record<ParameterType, string>> = {
    String: 'String',
    SecureString: 'String',
    Int: 'Integer',
    Bool: 'Boolean',
    Object: 'Object',
    SecureObject: 'Object',
    Array: 'Array',
  };
  const actual = actualType(value);
  return actual === expected[type] ? null : `Expected '${expected[type]}'. Actual '${actual}'.`;
}

export function resolveParameters(
  template: JsonObject,
  provided: JsonObject,
  evaluateDefault: (
    value: JsonValue,
    path: string,
    resolved: ReadonlyMap<string, TemplateParameter>,
  ) => JsonValue,
): Map<string, TemplateParameter> {
  const declared = propertyOf(template, 'parameters') ?? {};
  if (!isJsonObject(declared))
    throw invalidTemplate("The template 'parameters' must be an object.", 'parameters');
  const declaredNames = new Map(Object.keys(declared).map((name) => [name.toLowerCase(), name]));
  const unknown = Object.keys(provided).filter((name) => !declaredNames.has(name.toLowerCase()));
  if (unknown.length > 0)
    throw invalidTemplate(
      `The template parameters '${unknown.join(', ')}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${Object.keys(declared).join(', ')}'. Please see https://aka.ms/arm-pass-parameter-values for usage details.`,
    );
  const resolved = new Map<string, TemplateParameter>();
  for (const [name, declaration] of Object.entries(declared)) {
    const path = `parameters.${name}`;
    if (!isJsonObject(declaration))
      throw invalidTemplate(`The template parameter '${name}' must be an object.`, path);
    const type = canonicalType(propertyOf(declaration, 'type'), path);
    const providedKey = Object.keys(provided).find(
      (key) => key.toLowerCase() === name.toLowerCase(),
    );
    const given = providedKey === undefined ? undefined : provided[providedKey];
    let value: JsonValue;
    if (given !== undefined) {
      if (
        !isJsonObject(given) ||
        propertyOf(given, 'reference') !== undefined ||
        !('value' in given)
      )
        throw invalidTemplate(
          `The value of deployment parameter '${name}' must be given as { "value": … }; Key Vault references are not supported by the ARM emulator.`,
          path,
        );
      value = given['value'] ?? null;
    } else {
      const fallback = propertyOf(declaration, 'defaultValue');
      if (fallback === undefined)
        throw invalidTemplate(
          `The value for the template parameter '${name}' at '${path}' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.`,
          path,
        );
      value = evaluateDefault(fallback, `${path}.defaultValue`, resolved);
    }
    const problem = typeProblem(type, value);
    if (problem !== null)
      throw invalidTemplate(
        `Template parameter JToken type is not valid. ${problem} Please see https://aka.ms/arm-deploy for usage details.`,
        path,
      );
    const allowed = propertyOf(declaration, 'allowedValues');
    if (
      Array.isArray(allowed) &&
      !allowed.some((candidate) => JSON.stringify(candidate) === JSON.stringify(value))
    )
      throw invalidTemplate(
        `The provided value for the template parameter '${name}' is not valid. The value '${typeof value === 'string' ? value : JSON.stringify(value)}' is not part of the allowed value(s): '${allowed.map((candidate) => (typeof candidate === 'string' ? candidate : JSON.stringify(candidate))).join(',')}'.`,
        path,
      );
    resolved.set(name.toLowerCase(), {
      name,
      type,
      value,
      isSecure: type === 'SecureString' || type === 'SecureObject',
    });
  }
  return resolved;
}

/** The parameters as GET deployment echoes them: secure values left out. */
export function echoedParameters(parameters: ReadonlyMap<string, TemplateParameter>): JsonObject {
  const echoed: JsonObject = {};
  for (const { name, type, value, isSecure } of parameters.values())
    echoed[name] = isSecure ? { type } : { type, value };
  return echoed;
}
