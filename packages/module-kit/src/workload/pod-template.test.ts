import { describe, expect, it } from 'vitest';
import { buildPodTemplateParts } from './pod-template.js';
import { toResourceRequirements } from './compute-resources.js';
import { toKubernetesProbe } from './probes.js';
import type { WorkloadSettings } from './workload-types.js';

const request = {
  project: 'shop',
  stack: 'dev',
  appName: 'web',
  part: { kind: 'workload' as const, name: 'web', value: {} },
};

describe('buildPodTemplateParts', () => {
  it('orders containers by name and reads secret:// env values from Secrets', () => {
    const workload: WorkloadSettings = {
      containers: {
        worker: { image: 'w:1' },
        api: { image: 'a:1', env: { LEVEL: 'debug', TOKEN: 'secret://api-token/token' } },
      },
    };
    const { containers, volumes, configMaps } = buildPodTemplateParts(request, workload);
    expect(containers.map((c) => c['name'])).toEqual(['api', 'worker']);
    expect(containers[0]?.['env']).toEqual([
      { name: 'LEVEL', value: 'debug' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } },
    ]);
    expect(volumes).toEqual([]);
    expect(configMaps).toEqual([]);
  });

  it('puts inline files in ConfigMaps and mounts each file alone; contentFrom and dirs come from Secrets', () => {
    const { containers, volumes, configMaps } = buildPodTemplateParts(request, {
      containers: {
        api: {
          image: 'a:1',
          files: {
            '/etc/app/b.yaml': { content: 'b: 1', mode: '0600' },
            '/etc/app/a.yaml': { content: 'a: 1' },
            '/etc/tls/key.pem': { contentFrom: 'secret://tls/key.pem' },
          },
          dirs: { '/etc/certs': 'secret://ca-bundle' },
        },
      },
    });
    expect(configMaps.map((r) => r.id)).toEqual([
      'v1:ConfigMap:shop:shop-dev-web-api-0',
      'v1:ConfigMap:shop:shop-dev-web-api-1',
    ]);
    expect(configMaps[0]?.attributes['data']).toEqual({ 'a.yaml': 'a: 1' });
    expect(volumes).toEqual([
      { name: 'api-file-0', configMap: { name: 'shop-dev-web-api-0', defaultMode: 0o644 } },
      { name: 'api-file-1', configMap: { name: 'shop-dev-web-api-1', defaultMode: 0o600 } },
      { name: 'api-file-2', secret: { secretName: 'tls', defaultMode: 0o644 } },
      { name: 'api-dir-0', secret: { secretName: 'ca-bundle' } },
    ]);
    expect(containers[0]?.['volumeMounts']).toEqual([
      { name: 'api-file-0', mountPath: '/etc/app/a.yaml', subPath: 'a.yaml', readOnly: true },
      { name: 'api-file-1', mountPath: '/etc/app/b.yaml', subPath: 'b.yaml', readOnly: true },
      { name: 'api-file-2', mountPath: '/etc/tls/key.pem', subPath: 'key.pem', readOnly: true },
      { name: 'api-dir-0', mountPath: '/etc/certs', readOnly: true },
    ]);
  });

  it('says which setting is wrong, with its path in the stack configuration', () => {
    const attempt = (container: WorkloadSettings['containers'][string]) => () =>
      buildPodTemplateParts(request, { containers: { api: container } });
    expect(attempt({ image: 'a', env: { X: 'secret://only-a-name' } })).toThrow(
      'apps.web.workload.containers.api.env.X: "secret://only-a-name" is not a secret reference of the form secret://<secret>/<key>',
    );
    expect(attempt({ image: 'a', files: { '/etc/app/': { content: 'x' } } })).toThrow(
      /files\.\/etc\/app\/: a file path must be absolute and end with the file name/,
    );
    expect(attempt({ image: 'a', files: { '/x': { content: 'x', mode: '0999' } } })).toThrow(
      /mode: "0999" is not an octal file mode/,
    );
    expect(attempt({ image: 'a', dirs: { '/certs': 'secret://ca/key' } })).toThrow(
      /dirs\.\/certs: expected an absolute folder and secret:\/\/<secret>/,
    );
  });
});

describe('Kusion conversions', () => {
  it('reads compute resources as limits or request-limit ranges', () => {
    expect(toResourceRequirements({ cpu: '500m', memory: '256Mi-1Gi' })).toEqual({
      requests: { memory: '256Mi' },
      limits: { cpu: '500m', memory: '1Gi' },
    });
    expect(toResourceRequirements({})).toBeUndefined();
  });

  it('converts probes to Kubernetes handlers', () => {
    expect(
      toKubernetesProbe({
        probeHandler: {
          _type: 'service.container.probe.Http',
          url: 'http://localhost:8080/healthz?full=1',
          headers: { b: '2', a: '1' },
        },
        periodSeconds: 5,
      }),
    ).toMatchObject({
      httpGet: {
        path: '/healthz?full=1',
        port: 8080,
        scheme: 'HTTP',
        httpHeaders: [
          { name: 'a', value: '1' },
          { name: 'b', value: '2' },
        ],
      },
      periodSeconds: 5,
    });
    expect(
      toKubernetesProbe({ probeHandler: { _type: 'Tcp', url: 'db.internal:5432' } }),
    ).toMatchObject({ tcpSocket: { port: 5432, host: 'db.internal' } });
    expect(toKubernetesProbe({ probeHandler: { _type: 'Exec', command: ['true'] } })).toMatchObject(
      { exec: { command: ['true'] } },
    );
  });
});
