/**
 * Checks resource types apply to request bodies, answering as ARM's resource providers do when a
 * required property is missing or has the wrong shape.
 */
import { ArmError } from '../http/arm-error.ts';
import { isJsonObject, propertyOf } from '../json-value.ts';
import type { JsonObject, JsonValue } from '../json-value.ts';

export function invalidContent(message: string): ArmError {
  return new ArmError(
    400,
    'InvalidRequestContent',
    `The request content was invalid and could not be deserialized: '${message}'.`,
  );
}

/** The value at a dotted path, read case-insensitively. */
export function valueAt(body: JsonObject, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = body;
  for (const key of path.split('.')) {
    if (!isJsonObject(current)) return undefined;
    current = propertyOf(current, key);
  }
  return current;
}

export function requiredString(body: JsonObject, path: string): string {
  const value = valueAt(body, path);
  if (value === undefined || value === null)
    throw invalidContent(
      `Required property '${path}' not found in JSON. Path '', line 1, position 1.`,
    );
  if (typeof value !== 'string' || value === '')
    throw invalidContent(
      `Error converting value for property '${path}': a non-empty string is expected.`,
    );
  return value;
}

export function optionalString(body: JsonObject, path: string): string | undefined {
  const value = valueAt(body, path);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidContent(`Error converting value for property '${path}': a string is expected.`);
  return value;
}

export function requiredObject(body: JsonObject, path: string): JsonObject {
  const value = valueAt(body, path);
  if (!isJsonObject(value))
    throw invalidContent(
      `Required property '${path}' not found in JSON. Path '', line 1, position 1.`,
    );
  return value;
}

export function optionalArray(body: JsonObject, path: string): JsonValue[] | undefined {
  const value = valueAt(body, path);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw invalidContent(`Error converting value for property '${path}': an array is expected.`);
  return value;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], path: string): T {
  const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (match === undefined)
    throw new ArmError(
      400,
      'InvalidRequestPropertyValue',
      `The value '${value}' of property '${path}' is not valid. Allowed values are '${allowed.join(', ')}'.`,
    );
  return match;
}

/** The body's `properties` object (an empty one when absent). */
export function propertiesOf(body: JsonObject): JsonObject {
  const properties = propertyOf(body, 'properties');
  if (properties === undefined || properties === null) return {};
  if (!isJsonObject(properties))
    throw invalidContent(
      "Error converting value for property 'properties': an object is expected.",
    );
  return properties;
}

/** `base` with `overrides` laid on top, keeping `base`'s keys the request did not send. */
export function withDefaults(base: JsonObject, overrides: JsonObject): JsonObject {
  return { ...base, ...overrides };
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function isCidr(text: string): boolean {
  const match = CIDR.exec(text);
  if (!match) return false;
  const numbers = match.slice(1).map(Number);
  const prefix = numbers[4] ?? 99;
  return numbers.slice(0, 4).every((octet) => octet <= 255) && prefix <= 32;
}

export function isIpv4(text: string): boolean {
  return isCidr(`${text}/32`);
}
