import { describe, expect, it } from 'vitest';
import { ConfigError } from '@kusion/sdk';
import { envPrefixOf } from './env-prefix.js';

const app = (accessories: Record<string, { module: string; envPrefix?: string }>) => ({
  accessories,
});

describe('envPrefixOf', () => {
  it('is the setting, else the default', () => {
    const request = {
      appName: 'shop',
      app: app({ db: { module: 'postgres' } }),
      part: { kind: 'accessory' as const, name: 'db', value: { module: 'postgres' } },
    };
    expect(envPrefixOf(request, 'DB_', ['postgres', 'mysql'])).toBe('DB_');
    expect(
      envPrefixOf(
        {
          ...request,
          part: { ...request.part, value: { module: 'postgres', envPrefix: 'MAIN_DB_' } },
        },
        'DB_',
        ['postgres'],
      ),
    ).toBe('MAIN_DB_');
  });

  it('refuses two accessories of a family writing the same variables, naming both', () => {
    const request = {
      appName: 'shop',
      app: app({
        db: { module: 'postgres' },
        cache: { module: 'mysql' },
        other: { module: 'mysql', envPrefix: 'OTHER_' },
      }),
      part: { kind: 'accessory' as const, name: 'db', value: { module: 'postgres' } },
    };
    const attempt = () => envPrefixOf(request, 'DB_', ['postgres', 'mysql']);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'apps.shop.accessories.db.envPrefix: accessories "db" and "cache" would both set DB_* environment variables',
    );
  });
});
