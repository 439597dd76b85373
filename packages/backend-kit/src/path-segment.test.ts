import { describe, expect, it } from 'vitest';
import {
  assertPathSegment,
  assertRevision,
  lockScopeSegments,
  releaseScopeSegments,
} from './path-segment.js';

describe('assertPathSegment', () => {
  it.each(['dev', 'prod-eu.1', 'my_app', 'a'.repeat(200)])('accepts %j', (name) => {
    expect(assertPathSegment(name, 'workspace name')).toBe(name);
  });

  it.each([
    ['', 'it is empty'],
    ['.', 'names a directory'],
    ['..', 'names a directory'],
    ['../etc', 'path separator'],
    ['a/b', 'path separator'],
    ['a\\b', 'path separator'],
    ['a\u0000b', 'control character'],
    ['.hidden', 'starts with "."'],
    ['a'.repeat(201), 'longer than 200 bytes'],
  ])('rejects %j (%s)', (name, reason) => {
    expect(() => assertPathSegment(name, 'workspace name')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining(reason),
      }),
    );
  });

  it('rejects a value that is not a string, naming what it is', () => {
    expect(() => assertPathSegment(42, 'stack name')).toThrow(
      /invalid stack name 42: it is number/,
    );
  });
});

describe('assertRevision', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects %s', (revision) => {
    expect(() => assertRevision(revision)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('accepts whole numbers from 1', () => {
    expect(assertRevision(1)).toBe(1);
  });
});

describe('scope segments', () => {
  it('checks every segment, naming which one is wrong', () => {
    expect(releaseScopeSegments({ project: 'shop', workspace: 'dev', stack: 'main' })).toEqual([
      'shop',
      'dev',
      'main',
    ]);
    expect(() => releaseScopeSegments({ project: 'shop', workspace: 'dev', stack: '..' })).toThrow(
      /invalid stack name/,
    );
    expect(lockScopeSegments({ project: 'shop', workspace: 'prod' })).toEqual(['shop', 'prod']);
    expect(() => lockScopeSegments({ project: '', workspace: 'prod' })).toThrow(
      /invalid project name/,
    );
  });
});
