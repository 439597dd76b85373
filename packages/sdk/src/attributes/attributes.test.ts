import { describe, expect, it } from 'vitest';
import { diffForCreate, diffObjects } from './diff.js';
import { createFieldMatcher } from './field-matcher.js';
import { maskDiff, maskSensitive, SENSITIVE_MASK } from './mask.js';
import {
  findAtPath,
  formatAttributePath,
  getAtPath,
  parseAttributePath,
  setAtPath,
} from './path.js';

describe('attribute paths', () => {
  it.each([
    ['spec.containers[0].image', ['spec', 'containers', '0', 'image']],
    ['spec.containers.0.image', ['spec', 'containers', '0', 'image']],
    [
      'metadata.labels.app\\.kubernetes\\.io/name',
      ['metadata', 'labels', 'app.kubernetes.io/name'],
    ],
    ['Users.*.Password', ['Users', '*', 'Password']],
    ['[1]', ['1']],
  ])('parses %s', (path, segments) => {
    expect(parseAttributePath(path)).toEqual(segments);
  });

  it('formats numbers as indexes and escapes dots in keys', () => {
    expect(formatAttributePath(['spec', 'containers', 0, 'image'])).toBe(
      'spec.containers[0].image',
    );
    expect(formatAttributePath(['labels', 'a.b/c'])).toBe('labels.a\\.b/c');
  });

  it('gets values by path, telling a missing segment from an undefined value', () => {
    const root = { a: { b: [{ c: 1 }, { c: null }] } };
    expect(getAtPath(root, 'a.b[0].c')).toEqual({ found: true, value: 1 });
    expect(getAtPath(root, 'a.b[1].c')).toEqual({ found: true, value: null });
    expect(getAtPath(root, 'a.b[2].c')).toEqual({ found: false, value: undefined });
    expect(getAtPath(root, ['a', 'x'])).toEqual({ found: false, value: undefined });
  });

  it('sets values by path, creating objects on the way', () => {
    const root: Record<string, unknown> = { list: [{ name: 'x' }] };
    setAtPath(root, 'deep.er.value', 3);
    setAtPath(root, 'list[0].name', 'y');
    expect(root).toEqual({ list: [{ name: 'y' }], deep: { er: { value: 3 } } });
    expect(() => {
      setAtPath(root, 'list[0].name.inner', 1);
    }).toThrow(/list\[0\]\.name is not an object/);
  });

  it('finds every value a wildcard path matches, with concrete paths', () => {
    const root = {
      Users: [
        { Name: 'a', Password: 'p1' },
        { Name: 'b', Password: 'p2' },
      ],
      Map: { x: { k: 1 }, y: { k: 2 } },
    };
    expect(findAtPath(root, 'Users.*.Password')).toEqual([
      { path: ['Users', 0, 'Password'], value: 'p1' },
      { path: ['Users', 1, 'Password'], value: 'p2' },
    ]);
    expect(findAtPath(root, 'Map.*.k').map((m) => m.value)).toEqual([1, 2]);
    expect(findAtPath(root, 'Nope.*.k')).toEqual([]);
  });
});

describe('field matcher', () => {
  it('covers a field and everything below it, * matching one segment', () => {
    const matcher = createFieldMatcher(['metadata.annotations', 'spec.containers.*.image']);
    expect(matcher.covers(['metadata', 'annotations', 'x'])).toBe(true);
    expect(matcher.covers(['spec', 'containers', 3, 'image'])).toBe(true);
    expect(matcher.covers(['spec', 'containers', 3, 'name'])).toBe(false);
    expect(matcher.containsMatchBelow(['spec', 'containers'])).toBe(true);
    expect(matcher.containsMatchBelow(['spec', 'replicas'])).toBe(false);
  });
});

describe('diffObjects', () => {
  it('reports leaf changes, additions and removals with readable paths', () => {
    const diff = diffObjects(
      { spec: { replicas: 1, containers: [{ image: 'a' }, { image: 'b' }] }, old: true },
      { spec: { replicas: 2, containers: [{ image: 'a2' }] }, added: 'x' },
    );
    expect(diff).toEqual([
      { path: 'spec.replicas', kind: 'change', before: 1, after: 2 },
      { path: 'spec.containers[0].image', kind: 'change', before: 'a', after: 'a2' },
      { path: 'spec.containers[1]', kind: 'remove', before: { image: 'b' } },
      { path: 'old', kind: 'remove', before: true },
      { path: 'added', kind: 'add', after: 'x' },
    ]);
  });

  it('leaves out ignored fields, with * matching one segment', () => {
    const ignore = createFieldMatcher(['metadata.annotations', 'spec.containers.*.image']);
    const diff = diffObjects(
      { metadata: { annotations: { a: '1' } }, spec: { containers: [{ image: 'a', name: 'x' }] } },
      { metadata: { annotations: { a: '2' } }, spec: { containers: [{ image: 'b', name: 'y' }] } },
      { ignore },
    );
    expect(diff).toEqual([
      { path: 'spec.containers[0].name', kind: 'change', before: 'x', after: 'y' },
    ]);
  });

  it('masks sensitive values, including inside objects added whole', () => {
    const sensitive = createFieldMatcher(['data.password']);
    const create = diffForCreate({ data: { password: 'hunter2', user: 'me' } }, { sensitive });
    expect(JSON.stringify(create)).not.toContain('hunter2');
    expect(create).toEqual([
      { path: 'data', kind: 'add', after: { password: SENSITIVE_MASK, user: 'me' } },
    ]);
    const update = diffObjects(
      { data: { password: 'a' } },
      { data: { password: 'b' } },
      { sensitive },
    );
    expect(update).toEqual([
      { path: 'data.password', kind: 'change', before: SENSITIVE_MASK, after: SENSITIVE_MASK },
    ]);
  });
});

describe('masking', () => {
  it('masks nested values behind wildcards', () => {
    const matcher = createFieldMatcher(['Users.*.Password']);
    const masked = maskSensitive({ Users: [{ Name: 'a', Password: 'hunter2' }] }, matcher);
    expect(masked).toEqual({ Users: [{ Name: 'a', Password: SENSITIVE_MASK }] });
  });

  it('masks a diff whose entries sit above, at, or below a sensitive path', () => {
    const diff = maskDiff(
      [
        { path: 'Users', kind: 'add', after: [{ Name: 'a', Password: 'hunter2' }] },
        { path: 'Users[0].Password', kind: 'change', before: 'old-secret', after: 'hunter2' },
        { path: 'Users[0]', kind: 'remove', before: { Name: 'a', Password: 'hunter2' } },
        { path: 'Name', kind: 'change', before: 'x', after: 'y' },
      ],
      ['Users.*.Password'],
    );
    expect(JSON.stringify(diff)).not.toMatch(/hunter2|old-secret/);
    expect(diff[0]).toEqual({
      path: 'Users',
      kind: 'add',
      after: [{ Name: 'a', Password: SENSITIVE_MASK }],
    });
    expect(diff[3]).toEqual({ path: 'Name', kind: 'change', before: 'x', after: 'y' });
  });
});
