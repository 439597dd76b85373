/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { monitoring } from '@kusion/module-monitoring';
 * appConfiguration({ workload, accessories: { monitoring: monitoring({ port: 9090 }) } });
 * ```
 */
import type { MonitoringSettings } from './monitoring-settings.js';

/** `accessories.<name>` for this module. */
export type MonitoringAccessory = Omit<MonitoringSettings, 'module'> & {
  readonly module: 'monitoring';
};

export function monitoring(settings: Omit<MonitoringSettings, 'module'>): MonitoringAccessory {
  return { module: 'monitoring', ...settings };
}
