import { describe, expect, it } from 'vitest';
import { displayPath } from './display-path.js';
import { createPlainSource, diagnosticAt, formatJsonPath, sortDiagnostics } from './source-file.js';

describe('formatJsonPath', () => {
  it('writes paths as people read them', () => {
    expect(formatJsonPath([])).toBe('');
    expect(formatJsonPath(['resources', 3, 'type'])).toBe('resources[3].type');
    expect(formatJsonPath(['apps', 'my-app', 'labels', 'app.kubernetes.io/name'])).toBe(
      'apps.my-app.labels["app.kubernetes.io/name"]',
    );
  });
});

describe('diagnostics', () => {
  it('name the path even without positions', () => {
    expect(diagnosticAt(createPlainSource('main.ts', {}), ['apps', 'web'], 'is wrong')).toEqual({
      message: 'apps.web: is wrong',
      file: 'main.ts',
      line: undefined,
      column: undefined,
      path: 'apps.web',
    });
  });

  it('sort by position, keeping the order of those without one', () => {
    const sorted = sortDiagnostics([
      { message: 'c' },
      { message: 'b', line: 2, column: 9 },
      { message: 'a', line: 2, column: 1 },
      { message: 'd' },
    ]);
    expect(sorted.map((d) => d.message)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('displayPath', () => {
  it('is relative inside the working folder and absolute outside it', () => {
    expect(displayPath('/work/app/dev/main.yaml', '/work/app')).toBe('dev/main.yaml');
    expect(displayPath('/work/app', '/work/app')).toBe('.');
    expect(displayPath('/work/other/main.yaml', '/work/app')).toBe('/work/other/main.yaml');
    expect(displayPath('/work/app/..data/x.yaml', '/work/app')).toBe('..data/x.yaml');
  });
});
