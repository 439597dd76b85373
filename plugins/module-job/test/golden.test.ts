/** Golden Specs of the job module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { appConfiguration } from '@kusion/sdk';
import type { AppConfiguration } from '@kusion/sdk';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import plugin, { cronJobApiVersion, job } from '../src/index.js';

const once = job({
  containers: {
    migrate: {
      image: 'registry.example.com/shop/migrate:1.4.2',
      args: ['--to', 'latest'],
      env: { DATABASE_URL: 'secret://shop-db/url' },
      files: { '/etc/migrate/plan.yaml': { content: 'steps: all\n' } },
    },
  },
  labels: { team: 'checkout' },
});
const nightly = job({ ...once, schedule: '0 3 * * *' });
const workload = (value: object) => ({ kind: 'workload' as const, name: 'shop', value });

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    {
      name: 'job',
      part: workload(once),
      platform: { annotations: { 'example.com/owner': 'platform' } },
    },
    { name: 'cronjob', part: workload(nightly) },
    {
      name: 'cronjob-kubernetes-1.20',
      part: workload(nightly),
      context: { kubernetesVersion: 'v1.20.2' },
    },
    {
      name: 'cronjob-platform-api',
      part: workload(nightly),
      platform: { cronJobApiVersion: 'batch/v1beta1' },
    },
  ],
});

describe('job module', () => {
  it("picks the CronJob API from the platform, else the context's Kubernetes version", () => {
    expect(cronJobApiVersion({}, {})).toBe('batch/v1');
    expect(cronJobApiVersion({}, { kubernetesVersion: '1.20' })).toBe('batch/v1beta1');
    expect(cronJobApiVersion({}, { kubernetesVersion: 'v1.21.0' })).toBe('batch/v1');
    expect(
      cronJobApiVersion({ cronJobApiVersion: 'batch/v1' }, { kubernetesVersion: '1.20' }),
    ).toBe('batch/v1');
    expect(() => cronJobApiVersion({}, { kubernetesVersion: 1.2 })).toThrow(
      'workspace modules.job.configs: context.kubernetesVersion: 1.2 is not a Kubernetes version',
    );
  });

  it('builds a workload an sdk AppConfiguration accepts', () => {
    const app: AppConfiguration = appConfiguration({ workload: nightly });
    expect(app.workload).toMatchObject({ type: 'job', module: 'job', schedule: '0 3 * * *' });
  });

  it('refuses to generate an accessory', async () => {
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: { kind: 'accessory', name: 'j', value: { ...once, module: 'job' } },
      }),
    ).rejects.toThrow("apps.shop.accessories.j.module: the job module generates an app's workload");
  });
});
