/** The cloud-assigned identity of a live object, when the provider author named where it is. */
import { expect } from 'vitest';
import type { Attributes } from '@kusion/sdk';
import { readAttributePath } from '../attribute-path.js';
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
  const identity = readAttributePath(before, identityPath);
  expect(identity, `the live object has no identity at "${identityPath}"`).toBeDefined();
  expect(readAttributePath(after, identityPath), why).toEqual(identity);
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
  expect(readAttributePath(after, identityPath), why).not.toEqual(
    readAttributePath(before, identityPath),
  );
}
