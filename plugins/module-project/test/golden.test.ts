/** Golden Specs of the project module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { appConfiguration, service } from '@kusion/sdk';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import plugin, { gcpProject } from '../src/index.js';

const part = (value: object, name = 'gcpProject') => ({
  kind: 'accessory' as const,
  name,
  value,
});
const landingZone = {
  parent: 'folders/200000000001',
  billingTag: '123456789012/billing/shop',
  iam: {
    'roles/editor': ['shop-devs@example.com'],
    'roles/viewer': ['shop-support@example.com', 'user:auditor@example.com'],
  },
};

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'folder-only', part: part(gcpProject()), platform: { parent: 'folders/42' } },
    {
      name: 'landing-zone',
      part: part(gcpProject({ labels: { team: 'shop', tier: 'web' } })),
      platform: {
        ...landingZone,
        tags: ['tagValues/281484271805521', '123456789012/env/prod'],
        labels: { 'cost-center': 'cc-1042', tier: 'platform' },
        projectIdPrefix: 'acme-',
      },
      workspace: 'prod',
    },
  ],
});

describe('project module', () => {
  it('refuses a workspace without a parent folder, saying how to find one', async () => {
    await expect(
      generateWithModule(plugin, { name: 'x', part: part(gcpProject()), platform: {} }),
    ).rejects.toThrow(
      'workspace modules.project.configs: parent: is required: the folder of the team projects',
    );
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: part(gcpProject()),
        platform: { parent: 'organizations/123' },
      }),
    ).rejects.toThrow('parent: "organizations/123" is not a folder');
  });

  it('refuses services, which the GCP provider cannot enable yet, naming them', async () => {
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: part(gcpProject({ services: ['run.googleapis.com'] })),
        platform: landingZone,
      }),
    ).rejects.toThrow(
      'apps.shop.accessories.gcpProject.services: enabling APIs (run.googleapis.com) needs the Service Usage API',
    );
  });

  it('refuses two project accessories in one app', async () => {
    const app = appConfiguration({
      workload: service({ containers: { web: { image: 'w' } } }),
      accessories: { gcpProject: gcpProject(), sandbox: gcpProject({ envPrefix: 'SANDBOX_' }) },
    });
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: part(gcpProject()),
        app,
        platform: landingZone,
      }),
    ).rejects.toThrow(/accessories "gcpProject" and "sandbox" would both be the app's GCP project/);
  });

  it('keeps project ids within GCP rules for long names, and names the app when it is not the project', async () => {
    const idOf = async (request: { project?: string; appName?: string; workspace?: string }) => {
      const outcome = await generateWithModule(plugin, {
        name: 'x',
        part: part(gcpProject()),
        platform: { parent: 'folders/42' },
        ...request,
      });
      return String(outcome.resources[0]?.attributes['projectId']);
    };
    const long = await idOf({ project: 'customer-loyalty-programme', workspace: 'production' });
    expect(long).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    expect(long).toHaveLength(30);
    expect(await idOf({ project: 'shop', appName: 'billing', workspace: 'dev' })).toBe(
      'shop-billing-dev',
    );
    expect(await idOf({ project: 'a', workspace: 'b' })).toBe('a-b-proj');
  });
});
