import { describe, expect, it } from 'vitest';
import { createSecretScrubber } from './secret-scrubber.js';

describe('createSecretScrubber', () => {
  it('scrubs values found at sensitive paths, except those the Spec shows in clear elsewhere', () => {
    const scrubber = createSecretScrubber();
    scrubber.declarePublic(['shop', { metadata: { name: 'shop-dev-shop-db' } }]);
    scrubber.addAtPaths(
      { stringData: { database: 'shop', password: 'Pa55-w0rd-x9', host: 'shop-dev-shop-db' } },
      ['stringData'],
    );
    expect(scrubber.scrub('namespace shop, secret shop-dev-shop-db, password Pa55-w0rd-x9')).toBe(
      'namespace shop, secret shop-dev-shop-db, password (sensitive)',
    );
  });

  it('forgets a value found at a sensitive path once it is declared public', () => {
    const scrubber = createSecretScrubber();
    scrubber.addAtPaths({ data: { user: 'kusion-admin' } }, ['data']);
    expect(scrubber.scrub('user kusion-admin')).toBe('user (sensitive)');
    scrubber.declarePublic({ labels: { owner: 'kusion-admin' } });
    expect(scrubber.scrub('user kusion-admin')).toBe('user kusion-admin');
  });

  it('keeps scrubbing a value resolved from a secret store, even if the Spec shows it', () => {
    const scrubber = createSecretScrubber();
    scrubber.add('resolved-token-77');
    scrubber.declarePublic('resolved-token-77');
    scrubber.addAtPaths({ token: 'resolved-token-77' }, ['token']);
    expect(scrubber.scrub('token resolved-token-77')).toBe('token (sensitive)');
  });

  it('copies only the objects on the way to a secret and shares the rest', () => {
    const scrubber = createSecretScrubber();
    scrubber.add('hunter2-password');
    const clean = { id: 'v1:Secret:db', labels: { app: 'db' }, ports: [80, 443] };
    expect(scrubber.scrubDeep(clean)).toBe(clean);
    const message = { clean, detail: { lines: ['ok', 'login with hunter2-password'] } };
    const scrubbed = scrubber.scrubDeep(message);
    expect(scrubbed).toEqual({
      clean,
      detail: { lines: ['ok', 'login with (sensitive)'] },
    });
    expect(scrubbed.clean).toBe(clean);
    expect(message.detail.lines[1]).toBe('login with hunter2-password');
    expect(scrubber.scrub('hunter2')).toBe('hunter2');
  });
});
