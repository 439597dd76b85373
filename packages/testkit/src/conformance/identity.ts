/** The cloud-assigned identity of a live object, when the provider author named where it is. */
import { expect } from 'vitest';
import type { Attributes } from '@kusion/sdk';
import { getAtPath } from '@kusion/sdk';
import type { ConformanceTarget } from './types.js';

/** Asserts both objects are the same cloud object (same identity); no-op without `identityPath`. */
export function expectSameIdentity(
  target: ConformanceTarget,
  before: Attributes,
  after: Attributes,
  why: string,
): void {
  const { identityPath } = target;
  if (identityPath === undefined) return;
  const identity = getAtPath(before, identityPath).value;
  expect(identity, `the live object has no identity at "${identityPath}"`).toBeDefined();
  expect(getAtPath(after, identityPath).value, why).toEqual(identity);
}

/** Asserts the objects are different cloud objects; no-op without `identityPath`. */
export function expectNewIdentity(
  target: ConformanceTarget,
  before: Attributes,
  after: Attributes,
  why: string,
): void {
  const { identityPath } = target;
  if (identityPath === undefined) return;
  expect(getAtPath(after, identityPath).value, why).not.toEqual(
    getAtPath(before, identityPath).value,
  );
}
