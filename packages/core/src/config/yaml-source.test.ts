import { ConfigError } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from './yaml-source.js';

function syntaxError(text: string): ConfigError {
  try {
    parseYamlSource(text, 'main.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseYamlSource', () => {
  const text = [
    'resources:', // 1
    '  - id: a', // 2
    '    type: Test', // 3
    '    attributes:', // 4
    '      size: 3', // 5
    '  - id: b', // 6
    '    type: Test', // 7
    '',
  ].join('\n');

  it('parses the value and locates keys and array items', () => {
    const source = parseYamlSource(text, 'main.yaml');
    expect(source.value).toEqual({
      resources: [
        { id: 'a', type: 'Test', attributes: { size: 3 } },
        { id: 'b', type: 'Test' },
      ],
    });
    expect(source.locate([])).toEqual({ file: 'main.yaml', line: 1, column: 1 });
    expect(source.locate(['resources', 1])).toEqual({ file: 'main.yaml', line: 6, column: 5 });
    expect(source.locate(['resources', 0, 'attributes', 'size'])).toMatchObject({
      line: 5,
      column: 7,
    });
  });

  it('answers the nearest enclosing place for a path deeper than the file', () => {
    const source = parseYamlSource(text, 'main.yaml');
    expect(source.locate(['resources', 1, 'attributes'])).toMatchObject({ line: 6, column: 5 });
    expect(source.locate(['resources', 7])).toMatchObject({ line: 1, column: 1 });
  });

  it('follows aliases and merge keys', () => {
    const source = parseYamlSource(
      'base: &base\n  size: 3\napp:\n  <<: *base\n  name: x\n',
      'a.yaml',
    );
    expect(source.value).toEqual({ base: { size: 3 }, app: { size: 3, name: 'x' } });
    expect(source.locate(['app', 'name'])).toMatchObject({ line: 5, column: 3 });
  });

  it('reads JSON with positions', () => {
    const source = parseYamlSource('{\n\t"resources": [\n\t\t{"id": "a"}\n\t]\n}\n', 'spec.json');
    expect(source.value).toEqual({ resources: [{ id: 'a' }] });
    expect(source.locate(['resources', 0, 'id'])).toMatchObject({ line: 3, column: 4 });
  });

  it('turns a syntax error into one diagnostic with file, line and column', () => {
    const error = syntaxError('resources:\n  - id: a\n   type: b\n');
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^main\.yaml:3:1: /);
    expect(error.diagnostics[0]).toMatchObject({ file: 'main.yaml', line: 3, column: 1 });
  });

  it('reports every duplicate key, naming it', () => {
    const error = syntaxError('name: a\nlabels:\n  x: "1"\n  x: "2"\nname: b\n');
    expect(error.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [4, 3, 'duplicate key "x"'],
      [5, 1, 'duplicate key "name"'],
    ]);
  });

  it('explains a second document and an alias without its anchor', () => {
    expect(syntaxError('a: 1\n---\nb: 2\n').message).toBe(
      'main.yaml:2:1: more than one YAML document (`---`); this file holds exactly one',
    );
    expect(syntaxError('a: 1\nb: *nowhere\n').message).toMatch(/^main\.yaml:2:4: Unresolved alias/);
  });

  it('parses an empty file as null', () => {
    expect(parseYamlSource('# nothing yet\n', 'main.yaml').value).toBeNull();
  });
});
