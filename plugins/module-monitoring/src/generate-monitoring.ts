/**
 * `monitoring`: Prometheus scraping of the app, as Kusion's monitoring module. With the Prometheus
 * operator (`operatorMode: true`) a ServiceMonitor (or PodMonitor) `<project>-<stack>-<app>-
 * service-monitor` selects the app by Kusion's labels; without it, the patcher puts the usual
 * `prometheus.io/*` scrape annotations on the workload's pods — where Prometheus' Kubernetes pod
 * discovery reads them (Kusion puts them on the workload object, where they have no effect).
 */
import type { ModuleGenerateRequest, ModuleGenerateResult } from '@kusion/sdk';
import {
  appSettingError,
  kubernetesName,
  kubernetesResource,
  namespaceOf,
  platformSettingError,
  uniqueAppLabels,
  uniqueAppName,
} from '@kusion/module-kit';
import { durationMs } from './durations.js';
import type { MonitoringPlatformSettings, MonitoringSettings } from './monitoring-settings.js';

const DEFAULT_INTERVAL = '30s';
const DEFAULT_TIMEOUT = '15s';

export function generateMonitoring(request: ModuleGenerateRequest): ModuleGenerateResult {
  if (request.part.kind !== 'accessory') {
    throw appSettingError(
      request,
      ['module'],
      'the monitoring module generates an accessory of an app, not its workload',
    );
  }
  const settings = request.part.value as unknown as MonitoringSettings;
  const platform = request.platform as MonitoringPlatformSettings;
  const path = settings.path ?? '/metrics';
  const scheme = settings.scheme ?? platform.scheme ?? 'http';

  if (platform.operatorMode !== true) {
    if (typeof settings.port !== 'number') {
      throw appSettingError(
        request,
        ['port'],
        `the prometheus.io/port annotation needs a port number, received "${settings.port}"`,
        'give the metrics port as a number, or let the platform enable operatorMode (ServiceMonitor/PodMonitor take names)',
      );
    }
    return {
      resources: [],
      patcher: {
        podAnnotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/path': path,
          'prometheus.io/port': String(settings.port),
          'prometheus.io/scheme': scheme,
        },
      },
    };
  }

  const interval = platform.interval ?? DEFAULT_INTERVAL;
  const timeout = platform.timeout ?? DEFAULT_TIMEOUT;
  const [intervalMs, timeoutMs] = [durationMs(interval), durationMs(timeout)];
  if (intervalMs === undefined || timeoutMs === undefined || timeoutMs > intervalMs) {
    throw platformSettingError(
      'monitoring',
      'timeout',
      `the scrape timeout (${timeout}) must be a duration no longer than the interval (${interval})`,
      'e.g. interval: 30s, timeout: 15s',
    );
  }
  const isPod = platform.monitorType === 'Pod';
  const endpoint = {
    ...(typeof settings.port === 'number'
      ? { targetPort: settings.port }
      : { port: settings.port }),
    path,
    scheme,
    interval,
    scrapeTimeout: timeout,
  };
  const monitor = kubernetesResource({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: isPod ? 'PodMonitor' : 'ServiceMonitor',
    metadata: {
      name: kubernetesName(`${uniqueAppName(request)}-${isPod ? 'pod' : 'service'}-monitor`),
      namespace: namespaceOf(request),
      labels: uniqueAppLabels(request),
    },
    spec: {
      selector: { matchLabels: uniqueAppLabels(request) },
      ...(isPod ? { podMetricsEndpoints: [endpoint] } : { endpoints: [endpoint] }),
    },
  });
  return { resources: [monitor] };
}
