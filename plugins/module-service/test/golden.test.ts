/** Golden Specs of the service module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { appConfiguration, defineStack } from '@kusion/sdk';
import type { AppConfiguration } from '@kusion/sdk';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import plugin, { service } from '../src/index.js';

const minimal = service({ containers: { web: { image: 'registry.example.com/shop/web:1.4.2' } } });

const full = service({
  replicas: 3,
  labels: { team: 'checkout' },
  annotations: { 'example.com/owner': 'checkout' },
  ports: [
    { port: 80, targetPort: 8080, public: true },
    { port: 9090, protocol: 'TCP' },
  ],
  secrets: {
    'shop-api-token': { type: 'opaque', data: { token: 'ref://shop/api-token' } },
  },
  containers: {
    web: {
      image: 'registry.example.com/shop/web:1.4.2',
      command: ['/app/server'],
      args: ['--port', '8080'],
      workingDir: '/app',
      env: { LOG_LEVEL: 'info', API_TOKEN: 'secret://shop-api-token/token' },
      resources: { cpu: '250m-1', memory: '512Mi' },
      files: {
        '/etc/shop/config.yaml': { content: 'currency: EUR\n', mode: '0640' },
        '/etc/shop/tls/key.pem': { contentFrom: 'secret://shop-tls/tls.key' },
      },
      dirs: { '/etc/shop/certs': 'secret://shop-ca' },
      readinessProbe: {
        probeHandler: { _type: 'service.container.probe.Http', url: 'http://localhost:8080/ready' },
        periodSeconds: 5,
      },
      livenessProbe: {
        probeHandler: { _type: 'Tcp', url: 'localhost:8080' },
        initialDelaySeconds: 10,
        failureThreshold: 3,
      },
      startupProbe: { probeHandler: { _type: 'Exec', command: ['/app/healthcheck'] } },
      lifecycle: { preStop: { _type: 'Exec', command: ['/app/drain'] } },
    },
    sidecar: {
      image: 'registry.example.com/shop/proxy:2.0.0',
      env: { UPSTREAM: 'http://localhost:8080' },
    },
  },
});

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'minimal', part: { kind: 'workload', name: 'shop', value: minimal } },
    { name: 'full', part: { kind: 'workload', name: 'shop', value: full } },
    {
      name: 'platform-defaults',
      part: {
        kind: 'workload',
        name: 'shop',
        value: service({ ...minimal, labels: { tier: 'frontend' } }),
      },
      platform: {
        type: 'Deployment',
        replicas: 2,
        labels: { tier: 'platform-default', 'cost-center': 'retail' },
        annotations: { 'example.com/on-call': 'platform' },
      },
    },
    {
      name: 'app-replicas-win',
      part: { kind: 'workload', name: 'shop', value: service({ ...minimal, replicas: 5 }) },
      platform: { replicas: 2 },
    },
    {
      name: 'engine-namespace',
      part: { kind: 'workload', name: 'shop', value: minimal },
      namespace: 'retail',
    },
  ],
});

describe('service module', () => {
  it('refuses to generate an accessory', async () => {
    await expect(
      generateWithModule(plugin, {
        name: 'accessory',
        part: { kind: 'accessory', name: 'web', value: { ...minimal, module: 'service' } },
      }),
    ).rejects.toThrow(
      "apps.shop.accessories.web.module: the service module generates an app's workload, not an accessory",
    );
  });

  it('refuses a port listed twice, naming it', async () => {
    await expect(
      generateWithModule(plugin, {
        name: 'ports',
        part: {
          kind: 'workload',
          name: 'shop',
          value: service({ ...minimal, ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] }),
        },
      }),
    ).rejects.toThrow('apps.shop.workload.ports[1]: port 80/TCP is listed twice');
  });

  it('builds a workload an sdk AppConfiguration accepts', () => {
    const app: AppConfiguration = appConfiguration({ workload: full });
    expect(defineStack({ apps: { shop: app } }).apps?.['shop']?.workload).toMatchObject({
      type: 'service',
      module: 'service',
    });
  });
});
