import { describe, expect, it } from 'vitest';
import { compileQuery } from './search-query.ts';

interface Thing {
  readonly name: string;
  readonly state: string;
}

const fields = {
  isKnown: (field: string) => field === 'displayname' || field === 'state',
  values: (field: string, thing: Thing) => [field === 'state' ? thing.state : thing.name],
};
const things: Thing[] = [
  { name: 'Test One', state: 'ACTIVE' },
  { name: 'test-two', state: 'DELETE_REQUESTED' },
  { name: 'Other', state: 'ACTIVE' },
];
const names = (query: string, juxtaposition: 'AND' | 'OR' = 'AND') => {
  const compiled = compileQuery(query, fields, juxtaposition);
  return things.filter((thing) => compiled.matches(thing)).map((thing) => thing.name);
};

describe('compileQuery', () => {
  it('matches every resource without a query', () => {
    expect(names('')).toEqual(['Test One', 'test-two', 'Other']);
  });

  it('compares case-insensitively, with a trailing * as a prefix wildcard', () => {
    expect(names('displayName:other')).toEqual(['Other']);
    expect(names('DISPLAYNAME=TEST*')).toEqual(['Test One', 'test-two']);
    expect(names('displayName="Test One"')).toEqual(['Test One']);
    expect(names('displayName = other')).toEqual(['Other']);
    expect(names('displayName= other')).toEqual(['Other']);
    expect(names('displayName :other')).toEqual(['Other']);
  });

  it('combines side-by-side terms as the method says, and honours AND, OR and NOT', () => {
    expect(names('displayName:test* state:ACTIVE', 'AND')).toEqual(['Test One']);
    expect(names('displayName:test* state:ACTIVE', 'OR')).toEqual([
      'Test One',
      'test-two',
      'Other',
    ]);
    expect(names('displayName:other OR state:DELETE_REQUESTED')).toEqual(['test-two', 'Other']);
    expect(names('displayName:test* AND NOT state:ACTIVE')).toEqual(['test-two']);
  });

  it('reports the fields it mentions and refuses unknown ones', () => {
    expect([...compileQuery('State:ACTIVE', fields, 'AND').fields]).toEqual(['state']);
    expect(() => compileQuery('color:red', fields, 'AND')).toThrow('Unsupported field');
    expect(() => compileQuery('justaword', fields, 'AND')).toThrow('Invalid query term');
    expect(() => compileQuery('(state:ACTIVE)', fields, 'AND')).toThrow('Parentheses');
  });
});
