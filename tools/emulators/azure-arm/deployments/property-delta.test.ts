import { describe, expect, it } from 'vitest';
import { changesToJson, propertyDelta, withoutPaths } from './property-delta.ts';

describe('propertyDelta', () => {
  it('finds nothing between equal values', () => {
    expect(propertyDelta({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it('names created, deleted and modified properties by dotted path', () => {
    expect(
      propertyDelta(
        { tags: { a: '1', b: '2' }, properties: { x: { y: 1 } } },
        { tags: { a: '1', c: '3' }, properties: { x: { y: 2 } } },
      ),
    ).toEqual([
      { path: 'properties.x.y', propertyChangeType: 'Modify', before: 1, after: 2 },
      { path: 'tags.b', propertyChangeType: 'Delete', before: '2' },
      { path: 'tags.c', propertyChangeType: 'Create', after: '3' },
    ]);
  });

  it('describes arrays element by element, objects in them by their own paths', () => {
    expect(propertyDelta({ list: ['a', { n: 1 }, 'gone'] }, { list: ['b', { n: 2 }] })).toEqual([
      {
        path: 'list',
        propertyChangeType: 'Array',
        children: [
          { path: '0', propertyChangeType: 'Modify', before: 'a', after: 'b' },
          {
            path: '1',
            propertyChangeType: 'Modify',
            children: [{ path: 'n', propertyChangeType: 'Modify', before: 1, after: 2 }],
          },
          { path: '2', propertyChangeType: 'Delete', before: 'gone' },
        ],
      },
    ]);
  });

  it('treats a change of kind (object to string) as a modification', () => {
    expect(propertyDelta({ a: { b: 1 } }, { a: 'text' })).toEqual([
      { path: 'a', propertyChangeType: 'Modify', before: { b: 1 }, after: 'text' },
    ]);
  });

  it('serializes without undefined fields', () => {
    expect(changesToJson([{ path: 'a', propertyChangeType: 'Create', after: null }])).toEqual([
      { path: 'a', propertyChangeType: 'Create', after: null },
    ]);
  });
});

describe('withoutPaths', () => {
  it('removes dotted paths, with * for every array element, and leaves the input alone', () => {
    const value = {
      id: 'x',
      properties: {
        subnets: [
          { id: 'a', name: 's' },
          { id: 'b', name: 't' },
        ],
        keep: 1,
      },
    };
    expect(
      withoutPaths(value, ['id', 'properties.subnets.*.id', 'properties.missing.deep']),
    ).toEqual({
      properties: { subnets: [{ name: 's' }, { name: 't' }], keep: 1 },
    });
    expect(value.id).toBe('x');
  });
});
