/** Golden Specs of the network module per platform configuration (see golden/*.yaml). */
import { describe, expect, it } from 'vitest';
import { appConfiguration, service } from '@kusion/sdk';
import { describeModule, generateWithModule } from '@kusion/testkit/modules';
import type { ModuleCase } from '@kusion/testkit/modules';
import plugin, { network } from '../src/index.js';

const workload = service({
  containers: { web: { image: 'registry.example.com/shop/web:1.4.2' } },
  ports: [{ port: 8080 }],
  labels: { team: 'checkout' },
});
const withNetwork = (settings: Parameters<typeof network>[0]): ModuleCase['part'] => ({
  kind: 'accessory',
  name: 'network',
  value: network(settings),
});
const app = (settings: Parameters<typeof network>[0]) =>
  appConfiguration({ workload, accessories: { network: network(settings) } });

const mixed = {
  ports: [
    { port: 80, targetPort: 8080, public: true },
    { port: 9090, protocol: 'TCP' as const },
    { port: 5353, protocol: 'UDP' as const },
  ],
};
const withIngress = {
  ports: [{ port: 80, targetPort: 8080 }],
  ingress: {
    ingressClassName: 'nginx',
    annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' },
    tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    rules: [
      {
        host: 'shop.example.com',
        http: { paths: [{ path: '/', backend: { service: { port: { number: 80 } } } }] },
      },
    ],
  },
};

describeModule(plugin, {
  goldenDir: new URL('./golden/', import.meta.url),
  cases: [
    { name: 'workload-ports', part: withNetwork({}), app: app({}) },
    { name: 'private-and-public-local', part: withNetwork(mixed), app: app(mixed) },
    {
      name: 'private-and-public-aws',
      part: withNetwork(mixed),
      app: app(mixed),
      platform: {
        port: {
          type: 'aws',
          annotations: {
            'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
            'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
            'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
          },
          labels: { exposure: 'internet' },
        },
      },
    },
    {
      name: 'private-and-public-alicloud',
      part: withNetwork(mixed),
      app: app(mixed),
      platform: {
        port: {
          type: 'alicloud',
          annotations: {
            'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec': 'slb.s1.small',
          },
        },
      },
    },
    { name: 'ingress', part: withNetwork(withIngress), app: app(withIngress) },
  ],
});

describe('network module', () => {
  it('refuses an app with no port to expose', async () => {
    await expect(
      generateWithModule(plugin, {
        name: 'x',
        part: withNetwork({}),
        app: appConfiguration({
          workload: service({ containers: { web: { image: 'w' } } }),
          accessories: { network: network() },
        }),
      }),
    ).rejects.toThrow('apps.shop.accessories.network.ports: there is no port to expose');
  });

  it('refuses a port listed twice and an ingress path to a port nothing exposes', async () => {
    const twice = { ports: [{ port: 80 }, { port: 80, protocol: 'TCP' as const }] };
    await expect(
      generateWithModule(plugin, { name: 'x', part: withNetwork(twice), app: app(twice) }),
    ).rejects.toThrow('apps.shop.accessories.network.ports[1]: port 80/TCP is listed twice');
    const stray = {
      ports: [{ port: 80 }],
      ingress: {
        rules: [{ http: { paths: [{ backend: { service: { port: { number: 443 } } } }] } }],
      },
    };
    await expect(
      generateWithModule(plugin, { name: 'x', part: withNetwork(stray), app: app(stray) }),
    ).rejects.toThrow(
      'apps.shop.accessories.network.ingress.rules[0].http.paths[0].backend.service.port: no TCP port 443 is exposed',
    );
  });
});
