/**
 * Evaluation of template expressions and the functions the emulator supports — the ones our
 * templates use. Any other function is rejected when the template is validated, naming it.
 */
import { isJsonObject } from '../json-value.ts';
import type { JsonObject, JsonValue } from '../json-value.ts';
import type { Expression } from './expression-parser.ts';

/** What functions read from the deployment: supplied by the template evaluator. */
export interface FunctionScope {
  parameter(name: string): JsonValue;
  variable(name: string): JsonValue;
  resourceGroup(): JsonObject;
  subscription(): JsonObject;
  /** `resourceId(...)` arguments after the optional subscription and group. */
  resourceId(
    subscriptionId: string,
    resourceGroup: string,
    type: string,
    names: readonly string[],
  ): string;
  currentSubscriptionId(): string;
  currentResourceGroup(): string;
  reference(target: string, apiVersion: string | undefined, isFull: boolean): JsonValue;
}

/** A problem evaluating an expression; the template evaluator adds where it happened. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type TemplateFunction = (args: readonly JsonValue[], scope: FunctionScope) => JsonValue;

function stringArgument(name: string, args: readonly JsonValue[], index: number): string {
  const value = args[index];
  if (typeof value !== 'string')
    throw new ExpressionError(
      `Unable to evaluate template language function '${name}': argument ${index + 1} must be a string, not ${describe(value)}.`,
    );
  return value;
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} '${String(value)}'`;
}

/** How .NET (and so ARM) prints a value inside `format()` and `concat()`. */
function asText(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function resourceIdFunction(args: readonly JsonValue[], scope: FunctionScope): JsonValue {
  const strings = args.map((_, index) => stringArgument('resourceId', args, index));
  const typeIndex = strings.findIndex((value) => value.includes('/'));
  if (typeIndex < 0 || typeIndex > 2)
    throw new ExpressionError(
      `Unable to evaluate template language function 'resourceId': function requires exactly one multi-segmented argument which must be resource type including resource provider namespace. Current function arguments '${strings.join(',')}'.`,
    );
  const type = strings[typeIndex] ?? '';
  const names = strings.slice(typeIndex + 1);
  if (names.length !== type.split('/').length - 1)
    throw new ExpressionError(
      `Unable to evaluate template language function 'resourceId': the type '${type}' requires ${type.split('/').length - 1} resource name argument(s). Current function arguments '${strings.join(',')}'.`,
    );
  const subscriptionId = typeIndex === 2 ? (strings[0] ?? '') : scope.currentSubscriptionId();
  const resourceGroup =
    typeIndex === 0 ? scope.currentResourceGroup() : (strings[typeIndex - 1] ?? '');
  return scope.resourceId(subscriptionId, resourceGroup, type, names);
}

function formatFunction(args: readonly JsonValue[]): JsonValue {
  const template = stringArgument('format', args, 0);
  return template.replace(
    /\{\{|\}\}|\{(\d+)([^}]*)\}/g,
    (whole, index: string | undefined, rest: string) => {
      if (whole === '{{') return '{';
      if (whole === '}}') return '}';
      if (rest !== '')
        throw new ExpressionError(
          `Unable to evaluate template language function 'format': the format item '${whole}' uses a format specifier, which the ARM emulator does not support.`,
        );
      const value = args[Number(index) + 1];
      if (value === undefined)
        throw new ExpressionError(
          `Unable to evaluate template language function 'format': the format item '${whole}' has no argument.`,
        );
      return asText(value);
    },
  );
}

function concatFunction(args: readonly JsonValue[]): JsonValue {
  if (args.length > 0 && args.every((value) => Array.isArray(value)))
    return args.flatMap((value) => (Array.isArray(value) ? value : []));
  return args
    .map((value) => {
      if (isJsonObject(value) || Array.isArray(value))
        throw new ExpressionError(
          "Unable to evaluate template language function 'concat': all arguments must be strings or integers, or all arrays.",
        );
      return asText(value);
    })
    .join('');
}

/** `createObject(key1, value1, …)`: an object of the pairs, as ARM builds it. */
function createObjectFunction(args: readonly JsonValue[]): JsonValue {
  if (args.length % 2 !== 0)
    throw new ExpressionError(
      "Unable to evaluate template language function 'createObject': the function requires an even number of arguments (key and value pairs).",
    );
  const result: JsonObject = {};
  for (let index = 0; index < args.length; index += 2)
    result[stringArgument('createObject', args, index)] = args[index + 1] ?? null;
  return result;
}

/** name (lower case) → [implementation, least and most arguments]. */
const FUNCTIONS: ReadonlyMap<string, readonly [TemplateFunction, number, number]> = new Map([
  ['parameters', [(args, scope) => scope.parameter(stringArgument('parameters', args, 0)), 1, 1]],
  ['variables', [(args, scope) => scope.variable(stringArgument('variables', args, 0)), 1, 1]],
  ['resourceid', [resourceIdFunction, 2, Number.POSITIVE_INFINITY]],
  [
    'reference',
    [
      (args, scope) => {
        const target = stringArgument('reference', args, 0);
        const apiVersion = args.length > 1 ? stringArgument('reference', args, 1) : undefined;
        const option = args.length > 2 ? stringArgument('reference', args, 2) : undefined;
        if (option !== undefined && option.toLowerCase() !== 'full')
          throw new ExpressionError(
            `Unable to evaluate template language function 'reference': the third argument must be 'Full', not '${option}'.`,
          );
        return scope.reference(
          target,
          apiVersion === '' ? undefined : apiVersion,
          option !== undefined,
        );
      },
      1,
      3,
    ],
  ],
  ['concat', [concatFunction, 1, Number.POSITIVE_INFINITY]],
  ['format', [formatFunction, 1, Number.POSITIVE_INFINITY]],
  ['createobject', [createObjectFunction, 0, Number.POSITIVE_INFINITY]],
  ['resourcegroup', [(_args, scope) => scope.resourceGroup(), 0, 0]],
  ['subscription', [(_args, scope) => scope.subscription(), 0, 0]],
  ['true', [() => true, 0, 0]],
  ['false', [() => false, 0, 0]],
]);

/** Null when the function is supported with that many arguments, else what is wrong. */
export function checkCall(name: string, argumentCount: number): string | null {
  const entry = FUNCTIONS.get(name.toLowerCase());
  if (entry === undefined)
    return `The template function '${name}' is not valid. Please see https://aka.ms/arm-functions for usage details. (The ARM emulator supports ${[...FUNCTIONS.keys()].join(', ')}.)`;
  const [, least, most] = entry;
  if (argumentCount < least || argumentCount > most)
    return `The template language function '${name}' must have ${least === most ? String(least) : `${least} to ${most === Number.POSITIVE_INFINITY ? 'any number of' : String(most)}`} argument(s), not ${argumentCount}.`;
  return null;
}

function member(target: JsonValue, property: string): JsonValue {
  if (!isJsonObject(target))
    throw new ExpressionError(
      `The language expression property '${property}' can't be evaluated, property name must be accessed on an object, not ${describe(target)}.`,
    );
  const key = Object.keys(target).find(
    (candidate) => candidate.toLowerCase() === property.toLowerCase(),
  );
  if (key === undefined)
    throw new ExpressionError(
      `The language expression property '${property}' doesn't exist, available properties are '${Object.keys(target).join(', ')}'.`,
    );
  return target[key] ?? null;
}

export function evaluateExpression(expression: Expression, scope: FunctionScope): JsonValue {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'member':
      return member(evaluateExpression(expression.target, scope), expression.property);
    case 'index': {
      const target = evaluateExpression(expression.target, scope);
      const index = evaluateExpression(expression.index, scope);
      if (typeof index === 'string') return member(target, index);
      if (Array.isArray(target) && typeof index === 'number') {
        const element = target[index];
        if (element === undefined)
          throw new ExpressionError(
            `The language expression index '${index}' is out of bounds (array length ${target.length}).`,
          );
        return element;
      }
      throw new ExpressionError(
        `The language expression cannot index ${describe(target)} with ${describe(index)}.`,
      );
    }
    case 'call': {
      const problem = checkCall(expression.name, expression.args.length);
      const entry = FUNCTIONS.get(expression.name.toLowerCase());
      if (problem !== null || entry === undefined)
        throw new ExpressionError(problem ?? expression.name);
      const args = expression.args.map((argument) => evaluateExpression(argument, scope));
      return entry[0](args, scope);
    }
  }
}
