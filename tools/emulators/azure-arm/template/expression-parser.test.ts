import { describe, expect, it } from 'vitest';
import {
  callsIn,
  ExpressionSyntaxError,
  parseExpression,
  parseTemplateString,
} from './expression-parser.ts';

describe('parseTemplateString', () => {
  it('tells expressions from text, with [[ escaping a literal bracket', () => {
    expect(parseTemplateString('plain')).toEqual({ kind: 'text', value: 'plain' });
    expect(parseTemplateString('[[not]')).toEqual({ kind: 'text', value: '[not]' });
    expect(parseTemplateString('[starts but does not end')).toEqual({
      kind: 'text',
      value: '[starts but does not end',
    });
    expect(parseTemplateString("[parameters('a')]")).toMatchObject({
      kind: 'expression',
      source: "parameters('a')",
    });
  });
});

describe('parseExpression', () => {
  it('parses calls, nested calls, literals, members and indexes', () => {
    expect(
      parseExpression(
        "reference(resourceId('T/x', 'n'), '2023-01-01', 'Full').properties['a b'][0]",
      ),
    ).toEqual({
      kind: 'index',
      index: { kind: 'literal', value: 0 },
      target: {
        kind: 'index',
        index: { kind: 'literal', value: 'a b' },
        target: {
          kind: 'member',
          property: 'properties',
          target: {
            kind: 'call',
            name: 'reference',
            args: [
              {
                kind: 'call',
                name: 'resourceId',
                args: [
                  { kind: 'literal', value: 'T/x' },
                  { kind: 'literal', value: 'n' },
                ],
              },
              { kind: 'literal', value: '2023-01-01' },
              { kind: 'literal', value: 'Full' },
            ],
          },
        },
      },
    });
  });

  it("reads '' inside a string as one quote, negative numbers and bare booleans", () => {
    expect(parseExpression("concat('it''s', -3, true)")).toEqual({
      kind: 'call',
      name: 'concat',
      args: [
        { kind: 'literal', value: "it's" },
        { kind: 'literal', value: -3 },
        { kind: 'literal', value: true },
      ],
    });
  });

  it('lists every call, outermost first', () => {
    expect(
      callsIn(parseExpression("format('{0}', uniqueString(resourceGroup().id))")).map(
        ({ name }) => name,
      ),
    ).toEqual(['format', 'uniqueString', 'resourceGroup']);
  });

  it.each([
    ["parameters('a'", "expected ')'"],
    ["parameters('a", 'the string literal is not terminated'],
    ['a b', "expected '(' after 'a'"],
    ["parameters('a'))", 'expected the end of the expression'],
    ['x().', 'expected a property name'],
    ['#', "unexpected character '#'"],
  ])('rejects %s: %s', (source, problem) => {
    expect(() => parseExpression(source)).toThrow(ExpressionSyntaxError);
    expect(() => parseExpression(source)).toThrow(problem);
  });
});
