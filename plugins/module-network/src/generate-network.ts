/**
 * `network`: Services for the app's ports, as Kusion's network module makes them — private ports
 * on a ClusterIP Service `<project>-<stack>-<app>-private`, public ones on a LoadBalancer Service
 * `<project>-<stack>-<app>-public` carrying the platform's load-balancer labels and annotations —
 * and an optional Ingress `<project>-<stack>-<app>-ingress` whose backends default to the Service
 * exposing the port they name. Every port names its protocol: Kubernetes 1.20 fails server-side
 * apply of a port without one.
 */
import type { ModuleGenerateRequest, ModuleGenerateResult, Port, Resource } from '@kusion/sdk';
import {
  appSettingError,
  kubernetesName,
  kubernetesResource,
  namespaceOf,
  uniqueAppLabels,
  uniqueAppName,
} from '@kusion/module-kit';
import type {
  Ingress,
  IngressBackend,
  NetworkPlatformSettings,
  NetworkSettings,
} from './network-settings.js';

interface ExposedPort {
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly isPublic: boolean;
}

export function generateNetwork(request: ModuleGenerateRequest): ModuleGenerateResult {
  if (request.part.kind !== 'accessory') {
    throw appSettingError(
      request,
      ['module'],
      'the network module generates an accessory of an app, not its workload',
      'move these settings to apps.<app>.accessories.network',
    );
  }
  const settings = request.part.value as unknown as NetworkSettings;
  const platform = request.platform as NetworkPlatformSettings;
  const ports = exposedPorts(request, settings);
  const appName = uniqueAppName(request);
  const names = {
    private: kubernetesName(`${appName}-private`),
    public: kubernetesName(`${appName}-public`),
  };

  const resources: Resource[] = [];
  const privatePorts = ports.filter((port) => !port.isPublic);
  const publicPorts = ports.filter((port) => port.isPublic);
  if (privatePorts.length) resources.push(service(request, names.private, privatePorts, undefined));
  if (publicPorts.length)
    resources.push(service(request, names.public, publicPorts, platform.port ?? {}));
  if (settings.ingress) resources.push(ingress(request, settings.ingress, ports, names));
  return { resources };
}

/** The accessory's ports, else the workload's; each port and protocol once. */
function exposedPorts(request: ModuleGenerateRequest, settings: NetworkSettings): ExposedPort[] {
  const own = settings.ports !== undefined;
  const written: readonly Port[] = settings.ports ?? request.app.workload?.ports ?? [];
  if (written.length === 0 && !settings.ingress) {
    throw appSettingError(
      request,
      ['ports'],
      'there is no port to expose: neither this accessory nor the workload lists ports',
      'list them here (ports: [{ port: 80, targetPort: 8080 }]) or in the workload',
    );
  }
  const seen = new Set<string>();
  return written.map((port, index) => {
    const protocol = port.protocol ?? 'TCP';
    const key = `${port.port}/${protocol}`;
    if (seen.has(key)) {
      throw appSettingError(
        request,
        own ? ['ports', index] : [],
        `port ${key} is listed twice${own ? '' : " in the workload's ports"}`,
        'list each port and protocol once',
      );
    }
    seen.add(key);
    return {
      port: port.port,
      targetPort: port.targetPort ?? port.port,
      protocol,
      isPublic: port.public === true,
    };
  });
}

function service(
  request: ModuleGenerateRequest,
  name: string,
  ports: readonly ExposedPort[],
  loadBalancer: NonNullable<NetworkPlatformSettings['port']> | undefined,
): Resource {
  const workload = request.app.workload;
  const labels = { ...workload?.labels, ...loadBalancer?.labels, ...uniqueAppLabels(request) };
  const annotations = { ...workload?.annotations, ...loadBalancer?.annotations };
  return kubernetesResource({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: namespaceOf(request),
      labels,
      annotations: Object.keys(annotations).length ? annotations : undefined,
    },
    spec: {
      type: loadBalancer ? 'LoadBalancer' : 'ClusterIP',
      selector: uniqueAppLabels(request),
      ports: ports.map((port) => ({
        name: kubernetesName(`${name}-${port.port}-${port.protocol.toLowerCase()}`),
        port: port.port,
        targetPort: port.targetPort,
        protocol: port.protocol,
      })),
    },
  });
}

function ingress(
  request: ModuleGenerateRequest,
  settings: Ingress,
  ports: readonly ExposedPort[],
  names: { readonly private: string; readonly public: string },
): Resource {
  const backend = (value: IngressBackend, where: (string | number)[]): Record<string, unknown> => {
    if (!value.service) return { resource: value.resource };
    const { number } = value.service.port;
    let serviceName = value.service.name;
    if (serviceName === undefined) {
      const exposed = ports.find((port) => port.port === number && port.protocol === 'TCP');
      if (!exposed) {
        throw appSettingError(
          request,
          [...where, 'service', 'port'],
          `no TCP port ${String(number)} is exposed, so no Service of the app can back this path`,
          "name a port of `ports` (or the workload's), or give service.name",
        );
      }
      serviceName = exposed.isPublic ? names.public : names.private;
    }
    return { service: { name: serviceName, port: value.service.port } };
  };
  return kubernetesResource({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: kubernetesName(`${uniqueAppName(request)}-ingress`),
      namespace: namespaceOf(request),
      labels: { ...settings.labels, ...uniqueAppLabels(request) },
      annotations: settings.annotations,
    },
    spec: {
      ingressClassName: settings.ingressClassName,
      defaultBackend:
        settings.defaultBackend && backend(settings.defaultBackend, ['ingress', 'defaultBackend']),
      tls: settings.tls?.map((tls) => ({ hosts: tls.hosts, secretName: tls.secretName })),
      rules: settings.rules?.map((rule, ruleIndex) => ({
        host: rule.host,
        http: rule.http && {
          paths: rule.http.paths.map((path, pathIndex) => ({
            path: path.path ?? '/',
            pathType: path.pathType ?? 'Prefix',
            backend: backend(path.backend, [
              'ingress',
              'rules',
              ruleIndex,
              'http',
              'paths',
              pathIndex,
              'backend',
            ]),
          })),
        },
      })),
    },
  });
}
