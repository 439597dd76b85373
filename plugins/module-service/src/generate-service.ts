/**
 * `service`: the app's workload as a Deployment named `<project>-<stack>-<app>` in the app's
 * namespace, with Kusion's labels as selector, plus one ConfigMap per inline file. Secrets named by
 * `secret://` references come from the workload's `secrets` (the engine generates them) or
 * already exist; ports are exposed by the `network` module.
 */
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import {
  appSettingError,
  buildPodTemplateParts,
  kubernetesResource,
  namespaceOf,
  uniqueAppName,
  workloadMetadata,
} from '@kusion/module-kit';
import type { WorkloadPlatformSettings, WorkloadSettings } from '@kusion/module-kit';

export function generateService(request: ModuleGenerateRequest): ModuleGenerateResult {
  if (request.part.kind !== 'workload') {
    throw appSettingError(
      request,
      ['module'],
      "the service module generates an app's workload, not an accessory",
      'move these settings to apps.<app>.workload',
    );
  }
  const workload = request.part.value as unknown as WorkloadSettings;
  checkPorts(request, workload);
  const platform = request.platform as WorkloadPlatformSettings;
  const { containers, volumes, configMaps } = buildPodTemplateParts(request, workload);
  const metadata = workloadMetadata(request, workload, platform);
  const deployment = kubernetesResource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: uniqueAppName(request),
      namespace: namespaceOf(request),
      labels: metadata.labels,
      annotations: metadata.annotations,
    },
    spec: {
      replicas: metadata.replicas,
      selector: { matchLabels: metadata.selector },
      template: {
        metadata: { labels: metadata.labels, annotations: metadata.annotations },
        spec: { containers, volumes: volumes.length ? volumes : undefined },
      },
    },
  });
  return { resources: [...configMaps, deployment] };
}

/** Kusion's rule: one port and protocol pair once (a Service could not tell them apart). */
function checkPorts(request: ModuleGenerateRequest, workload: WorkloadSettings): void {
  const seen = new Set<string>();
  (workload.ports ?? []).forEach((port, index) => {
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    if (seen.has(key)) {
      throw appSettingError(
        request,
        ['ports', index],
        `port ${key} is listed twice`,
        'list each port and protocol once',
      );
    }
    seen.add(key);
  });
}
