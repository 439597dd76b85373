import { describe, expect, it } from 'vitest';
import type { Resource } from '@kusion/sdk';
import { changedSecretPaths, digestsFor, SECRET_DIGESTS_KEY } from './secret-digests.js';

const server = (password: string, extra: Record<string, unknown> = {}): Resource => ({
  id: 'azure:Microsoft.DBforPostgreSQL/flexibleServers:shop-db',
  type: 'Azure',
  attributes: {
    type: 'Microsoft.DBforPostgreSQL/flexibleServers',
    apiVersion: '2022-12-01',
    properties: { administratorLogin: 'kusion', administratorLoginPassword: password, ...extra },
  },
  extensions: { sensitivePaths: ['properties.administratorLoginPassword', 'properties.token'] },
});

describe('secret digests', () => {
  it('records a salted digest per secret path, never the value', async () => {
    const digests = await digestsFor(server('Very$ecret-42'), undefined);
    expect(Object.keys(digests ?? {})).toEqual(['properties.administratorLoginPassword']);
    const digest = digests?.['properties.administratorLoginPassword'] ?? '';
    expect(digest).toMatch(/^scrypt:[\w-]{22}:[\w-]{43}$/);
    expect(digest).not.toContain('Very$ecret-42');
    // A new salt each time: the same password gives another digest when nothing was recorded.
    const again = await digestsFor(server('Very$ecret-42'), undefined);
    expect(again?.['properties.administratorLoginPassword']).not.toBe(digest);
  });

  it('finds a changed, added or removed secret, and keeps a matching digest as recorded', async () => {
    const recorded = { [SECRET_DIGESTS_KEY]: await digestsFor(server('Very$ecret-42'), undefined) };
    expect(await changedSecretPaths(server('Very$ecret-42'), recorded, [])).toEqual([]);
    expect(await changedSecretPaths(server('rotated'), recorded, [])).toEqual([
      'properties.administratorLoginPassword',
    ]);
    expect(await changedSecretPaths(server('Very$ecret-42', { token: 't' }), recorded, [])).toEqual(
      ['properties.token'],
    );
    expect(await changedSecretPaths({ ...server('x'), extensions: {} }, recorded, [])).toEqual([
      'properties.administratorLoginPassword',
    ]);
    // Unchanged secrets keep their recorded digest, so state does not churn.
    expect(await digestsFor(server('Very$ecret-42'), recorded)).toEqual(
      recorded[SECRET_DIGESTS_KEY],
    );
  });

  it('counts a secret not known yet, or a state without digests, as changed', async () => {
    const recorded = { [SECRET_DIGESTS_KEY]: await digestsFor(server('Very$ecret-42'), undefined) };
    expect(
      await changedSecretPaths(server('Very$ecret-42'), recorded, [
        'properties.administratorLoginPassword',
      ]),
    ).toEqual(['properties.administratorLoginPassword']);
    expect(await changedSecretPaths(server('Very$ecret-42'), {}, [])).toEqual([
      'properties.administratorLoginPassword',
    ]);
  });

  it('never matches a digest copied from another resource', async () => {
    const other = {
      ...server('Very$ecret-42'),
      id: 'azure:Microsoft.DBforPostgreSQL/flexibleServers:other',
    };
    const recorded = { [SECRET_DIGESTS_KEY]: await digestsFor(other, undefined) };
    expect(await changedSecretPaths(server('Very$ecret-42'), recorded, [])).toEqual([
      'properties.administratorLoginPassword',
    ]);
  });
});
