import { describe, expect, it } from 'vitest';
import { diffForCreate, diffObjects } from './diff.js';
import { createFieldMatcher } from './field-matcher.js';
import { hashSensitive, isHashedSensitive } from './sensitive-values.js';

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
    expect(diff).toEqual([{ path: 'spec.containers[0].name', kind: 'change', before: 'x', after: 'y' }]);
  });

  it('masks sensitive values, including inside objects added whole', () => {
    const sensitive = createFieldMatcher(['data.password']);
    const create = diffForCreate({ data: { password: 'hunter2', user: 'me' } }, { sensitive });
    expect(JSON.stringify(create)).not.toContain('hunter2');
    expect(create).toEqual([{ path: 'data', kind: 'add', after: { password: '(sensitive)', user: 'me' } }]);
    const update = diffObjects({ data: { password: 'a' } }, { data: { password: 'b' } }, { sensitive });
    expect(update).toEqual([{ path: 'data.password', kind: 'change', before: '(sensitive)', after: '(sensitive)' }]);
  });
});

describe('hashSensitive', () => {
  it('stores a salted hash instead of the value, stable for equal values', () => {
    const matcher = createFieldMatcher(['data']);
    const first = hashSensitive('id', { data: { token: 's3cret' }, kind: 'Secret' }, matcher);
    expect(JSON.stringify(first)).not.toContain('s3cret');
    expect(isHashedSensitive(first.data)).toBe(true);
    expect(hashSensitive('id', { data: { token: 's3cret' } }, matcher).data).toBe(first.data);
    expect(hashSensitive('other', { data: { token: 's3cret' } }, matcher).data).not.toBe(first.data);
    expect(hashSensitive('id', { data: { token: 'changed' } }, matcher).data).not.toBe(first.data);
  });
});
