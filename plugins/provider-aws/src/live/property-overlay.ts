/**
 * Puts live values into a deployed template's properties, so the resource's normal form shows
 * what is really there. Two sources: CloudFormation's drift report (`PropertyDifferences`, with
 * JSON-pointer paths), or a service reader's view, which is compared only for the properties the
 * template sets with literal values (a `Ref` cannot be compared with a physical value).
 */
import { isDeepStrictEqual } from 'node:util';
import { isKusionPath } from '@kusion/sdk';
import { isRecord } from '../model/aws-resource.js';

export interface PropertyDifference {
  /** A JSON pointer into Properties: `/VisibilityTimeout`, `/Tags/0/Value`. */
  readonly path: string;
  readonly actual: string | undefined;
  readonly kind: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
}

type Properties = Readonly<Record<string, unknown>> | undefined;

/** Properties with each difference applied: the actual value, parsed to the expected value's type. */
export function applyDifferences(
  properties: Properties,
  differences: readonly PropertyDifference[],
): Properties {
  const result = structuredClone(properties ?? {}) as Record<string, unknown>;
  for (const difference of differences) {
    const segments = difference.path
      .split('/')
      .slice(1)
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = segments.pop();
    if (last === undefined) continue;
    let container: unknown = result;
    for (const segment of segments) {
      const next: unknown = (container as Record<string, unknown>)[segment];
      if (typeof next !== 'object' || next === null) {
        (container as Record<string, unknown>)[segment] = /^\d+$/.test(last) ? [] : {};
      }
      container = (container as Record<string, unknown>)[segment];
    }
    const target = container as Record<string, unknown>;
    if (difference.kind === 'REMOVE') {
      if (Array.isArray(target)) target.splice(Number(last), 1);
      else Reflect.deleteProperty(target, last);
    } else {
      target[last] = parseActual(difference.actual, target[last]);
    }
  }
  return result;
}

/** Properties with the live value of each literal property that differs from the template. */
export function overlayLive(
  properties: Properties,
  live: Readonly<Record<string, unknown>>,
): Properties {
  if (!properties) return properties;
  let result: Record<string, unknown> | undefined;
  for (const [name, liveValue] of Object.entries(live)) {
    const expected = properties[name];
    if (expected === undefined || liveValue === undefined || !isLiteral(expected)) continue;
    if (sameValue(expected, liveValue)) continue;
    result ??= { ...properties };
    result[name] = name === 'Tags' ? liveTags(expected, liveValue) : coerce(liveValue, expected);
  }
  return result ?? properties;
}

/** Equal, allowing the number/string and boolean/string spellings templates use. */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (isDeepStrictEqual(expected, actual)) return true;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return (
      expected.length === actual.length &&
      expected.every((item) => actual.some((other) => sameValue(item, other)))
    );
  }
  if (isRecord(expected) && isRecord(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].every((key) => sameValue(expected[key], actual[key]));
  }
  const isScalar = (value: unknown): value is string | number | boolean =>
    ['string', 'number', 'boolean'].includes(typeof value);
  return isScalar(expected) && isScalar(actual) && String(expected) === String(actual);
}

function coerce(value: unknown, like: unknown): unknown {
  if (typeof like === 'string' && (typeof value === 'number' || typeof value === 'boolean'))
    return String(value);
  return value;
}

/** Live tags in the template's order where they match, so only real changes show in a diff. */
function liveTags(expected: unknown, live: unknown): unknown {
  if (!Array.isArray(expected) || !Array.isArray(live)) return live;
  return mergeTags(expected as unknown[], live as unknown[]);
}

function mergeTags(expected: readonly unknown[], live: readonly unknown[]): unknown[] {
  const kept = expected.filter((tag) => live.some((other) => sameValue(tag, other)));
  const added = live.filter((tag) => !expected.some((other) => sameValue(tag, other)));
  return [...kept, ...added];
}

/** No intrinsic function or reference anywhere inside. */
function isLiteral(value: unknown): boolean {
  if (isKusionPath(value)) return false;
  if (Array.isArray(value)) return value.every(isLiteral);
  if (isRecord(value))
    return (
      !Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::')) &&
      Object.values(value).every(isLiteral)
    );
  return true;
}

function parseActual(actual: string | undefined, expected: unknown): unknown {
  if (actual === undefined) return undefined;
  if (typeof expected === 'string') return actual;
  try {
    return JSON.parse(actual) as unknown;
  } catch {
    return actual;
  }
}
