import { describe, expect, it } from 'vitest';
import { releaseName, releaseRevisions, revisionOfReleaseName } from './release-names.js';

describe('release names', () => {
  it('names a release by its revision', () => {
    expect(releaseName(12)).toBe('12.json');
    expect(() => releaseName(0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('finds revisions among other names, oldest first and numerically', () => {
    expect(revisionOfReleaseName('7.json')).toBe(7);
    expect(
      releaseRevisions([
        '10.json',
        '9.json',
        '1.journal.ndjson',
        '2.summary.json',
        '3.journal/',
        '.1.json.abc.tmp',
        '01.json',
        '0.json',
        '1.json',
      ]),
    ).toEqual([1, 9, 10]);
  });
});
