/** Golden Specs of the monitoring module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import plugin, { monitoring } from '../src/index.js';

const part = (value: object) => ({ kind: 'accessory' as const, name: 'monitoring', value });

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'annotations', part: part(monitoring({ port: 9090 })) },
    {
      name: 'service-monitor',
      part: part(monitoring({ port: 'web', path: '/internal/metrics' })),
      platform: { operatorMode: true, interval: '30s', timeout: '5s' },
    },
    {
      name: 'pod-monitor',
      part: part(monitoring({ port: 9090, scheme: 'https' })),
      platform: { operatorMode: true, monitorType: 'Pod', interval: '1m', timeout: '45s' },
    },
  ],
});

describe('monitoring module', () => {
  it('needs a port number for annotations', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: part(monitoring({ port: 'web' })) }),
    ).rejects.toThrow(
      'apps.shop.accessories.monitoring.port: the prometheus.io/port annotation needs a port number, received "web"',
    );
  });

  it("refuses a timeout longer than the interval (Kusion's rule)", async () => {
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: part(monitoring({ port: 9090 })),
        platform: { operatorMode: true, interval: '10s', timeout: '1m' },
      }),
    ).rejects.toThrow(
      'the scrape timeout (1m) must be a duration no longer than the interval (10s)',
    );
  });
});
