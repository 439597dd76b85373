import { describe, expect, it } from 'vitest';
import { derivePassword } from './database-password.js';

const request = {
  project: 'shop',
  stack: 'dev',
  workspace: 'local',
  appName: 'shop',
  part: { kind: 'accessory' as const, name: 'db', value: {} },
  context: { databasePasswordSeed: 'a-seed-of-at-least-16-chars' },
};

describe('derivePassword', () => {
  it('is stable, long, and differs by seed, workspace, accessory and engine', () => {
    const password = derivePassword(request, 'postgres');
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(derivePassword(request, 'postgres')).toBe(password);
    const others = [
      derivePassword(
        { ...request, context: { databasePasswordSeed: 'another-seed-of-16-chars' } },
        'postgres',
      ),
      derivePassword({ ...request, workspace: 'prod' }, 'postgres'),
      derivePassword({ ...request, part: { ...request.part, name: 'db2' } }, 'postgres'),
      derivePassword(request, 'mysql'),
    ];
    expect(new Set([password, ...others]).size).toBe(5);
  });

  it('refuses to run without a seed, saying how to set one', () => {
    expect(() => derivePassword({ ...request, context: {} }, 'postgres')).toThrow(
      "module postgres (type: local) derives the database password from the workspace's context.databasePasswordSeed, which is not set",
    );
    expect(() =>
      derivePassword({ ...request, context: { databasePasswordSeed: 'short' } }, 'mysql'),
    ).toThrow(/shorter than 16 characters/);
  });
});
