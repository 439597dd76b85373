/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { appConfiguration, defineStack } from '@kusion/sdk';
 * import { service } from '@kusion/module-service';
 *
 * export default defineStack({
 *   apps: { shop: appConfiguration({ workload: service({ containers: { web: { image: 'shop:1' } } }) }) },
 * });
 * ```
 */
import type { WorkloadSettings } from '@kusion/module-kit';

/** A long-running workload, as the `service` module reads it (assignable to the sdk's `Workload`). */
export type ServiceWorkload = WorkloadSettings & {
  readonly type: 'service';
  readonly module: 'service';
};

/** Settings of `apps.<app>.workload` for this module; `type` and `module` are set for you. */
export type ServiceSettings = Omit<WorkloadSettings, 'module'>;

export function service(settings: ServiceSettings): ServiceWorkload {
  return { ...settings, type: 'service', module: 'service' };
}
