import { describe, expect, it } from 'vitest';
import { resourceFileName } from './resource-file-name.js';

describe('resource file names', () => {
  it('stay readable for common ids', () => {
    expect(resourceFileName('test:app.v2')).toBe('test%3Aapp.v2.json');
    expect(resourceFileName('apps/v1:Deployment:default:web')).toBe(
      'apps%2Fv1%3ADeployment%3Adefault%3Aweb.json',
    );
    expect(resourceFileName('plain-id_1~x')).toBe('plain-id_1~x.json');
  });

  it('never make hidden files, "." or ".."', () => {
    expect(resourceFileName('.')).toBe('%2E.json');
    expect(resourceFileName('..')).toBe('%2E..json');
    expect(resourceFileName('.env')).toBe('%2Eenv.json');
  });

  it('escape characters some file systems refuse', () => {
    expect(resourceFileName('a*b?c<d>e|f"g\\h')).toMatch(/^[A-Za-z0-9%._~-]+\.json$/);
  });

  it('are injective: ids that look alike get different files', () => {
    const lookalikes = [
      'a:b',
      'a%3Ab',
      'a%253Ab',
      '.a',
      '%2Ea',
      'a.',
      'a/b',
      'a%2Fb',
      'A',
      'a',
      'é',
      'e\u0301',
      'x y',
      'x+y',
      "x'y",
      'x%27y',
    ];
    const names = lookalikes.map(resourceFileName);
    expect(new Set(names).size).toBe(lookalikes.length);
  });

  it('are injective over every short id made of look-alike characters', () => {
    const alphabet = ['a', 'A', '.', ':', '%', '2', 'E', '3', '/', ' ', '~', '*', 'é', '-'];
    const ids = new Set<string>();
    // Every id of up to 4 characters over an alphabet of look-alikes.
    const extend = (prefix: string, depth: number): void => {
      ids.add(prefix);
      if (depth < 4) for (const char of alphabet) extend(prefix + char, depth + 1);
    };
    extend('', 0);
    const names = new Set([...ids].map(resourceFileName));
    expect(names.size).toBe(ids.size);
  });

  it('shorten very long ids to a safe length, still distinct', () => {
    const long = 'k'.repeat(300);
    const name = resourceFileName(long);
    expect(Buffer.byteLength(name)).toBeLessThan(255);
    expect(name.startsWith('k'.repeat(150))).toBe(true);
    expect(resourceFileName(`${long}x`)).not.toBe(name);
    expect(resourceFileName('k'.repeat(200))).toBe(`${'k'.repeat(200)}.json`);
  });
});
