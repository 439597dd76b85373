/**
 * Reading a kind's attributes and writing live objects in one normal form: empty strings, empty
 * maps and unset fields are left out, so `labels: {}` in a Spec and a project without labels
 * compare equal, and the predicted object equals the live one field for field.
 */
import type { Attributes } from '@kusion/sdk';

export function stringAt(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' ? value : undefined;
}

export function recordAt(attributes: Attributes, key: string): Record<string, string> | undefined {
  const value = attributes[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, string>)
    : undefined;
}

/** Whether a value counts as unset: undefined, null, `''`, `{}` or `[]`. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** A copy without the fields that count as unset. */
export function withoutEmpty(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => !isEmptyValue(value)));
}

/** Only the keys whose value is defined (`exactOptionalPropertyTypes`-friendly object building). */
export function defined(attributes: Record<string, unknown>): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}
