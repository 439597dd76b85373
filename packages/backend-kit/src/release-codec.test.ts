import type { Release } from '@kusion/sdk';
import { describe, expect, it } from 'vitest';
import { parseRelease, serializeRelease, summarizeRelease } from './release-codec.js';

const place = {
  where: '/home/ana/.kusion/releases/shop/dev/main/2.json',
  restoreFrom: 'from a backup',
};
const scope = { project: 'shop', workspace: 'dev', stack: 'main' };
const release: Release = {
  ...scope,
  revision: 2,
  operation: 'deploy',
  phase: 'succeeded',
  spec: { resources: [{ id: 'a', type: 'Test', attributes: { replicas: 2 } }] },
  state: { resources: [{ id: 'a', type: 'Test', attributes: { replicas: 2, uid: 'u1' } }] },
  createdAt: '2024-01-01T00:00:00.000Z',
  modifiedAt: '2024-01-01T00:00:01.000Z',
  user: 'ana',
  host: 'laptop',
};

describe('serializeRelease', () => {
  it('writes one JSON document and a newline, indented only when asked', () => {
    // The stored formats: the local backend's files are indented, S3 objects are not.
    expect(serializeRelease(release)).toBe(`${JSON.stringify(release)}\n`);
    expect(serializeRelease(release, { isIndented: true })).toBe(
      `${JSON.stringify(release, null, 2)}\n`,
    );
  });
});

describe('parseRelease', () => {
  it('reads either layout back', () => {
    for (const text of [
      serializeRelease(release),
      serializeRelease(release, { isIndented: true }),
    ]) {
      expect(parseRelease(text, place, { ...scope, revision: 2 })).toEqual(release);
    }
  });

  it.each([
    ['{"project": "shop", garbage', 'not valid JSON'],
    ['[]', 'not a JSON object'],
    [JSON.stringify({ ...release, stack: 'other' }), 'its stack is "other", expected "main"'],
    [JSON.stringify({ ...release, revision: 3 }), 'its revision is 3, expected 2'],
    [JSON.stringify({ ...release, phase: 1 }), '"phase" is not a string'],
    [JSON.stringify({ ...release, spec: { resources: [{}] } }), '"spec.resources" is invalid'],
    [JSON.stringify({ ...release, state: {} }), '"state.resources" is invalid'],
  ])('fails with STATE_CORRUPT naming the place for %j', (text, problem) => {
    expect(() => parseRelease(text, place, { ...scope, revision: 2 })).toThrow(
      expect.objectContaining({
        code: 'STATE_CORRUPT',
        message: expect.stringContaining(`release ${place.where} is corrupt: ${problem}`),
        hint: expect.stringContaining(`Restore ${place.where} from a backup;`),
      }),
    );
  });
});

describe('summarizeRelease', () => {
  it('drops Spec and State and counts the resources', () => {
    const { spec: _spec, state: _state, ...rest } = release;
    expect(summarizeRelease(release)).toEqual({ ...rest, resourceCount: 1 });
  });
});
