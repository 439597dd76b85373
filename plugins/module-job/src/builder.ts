/**
 * The typed builder for TypeScript apps:
 *
 * ```ts
 * import { job } from '@kusion/module-job';
 * appConfiguration({ workload: job({ schedule: '0 3 * * *', containers: { backup: { image: 'backup:1' } } }) });
 * ```
 */
import type { WorkloadSettings } from '@kusion/module-kit';

/** A run-to-completion workload, as the `job` module reads it (assignable to the sdk's `Workload`). */
export type JobWorkload = Omit<WorkloadSettings, 'replicas'> & {
  readonly type: 'job';
  readonly module: 'job';
  /** Cron schedule: a CronJob; without it, a Job that runs once. */
  readonly schedule?: string;
};

/** Settings of `apps.<app>.workload` for this module; `type` and `module` are set for you. */
export type JobSettings = Omit<JobWorkload, 'type' | 'module'>;

export function job(settings: JobSettings): JobWorkload {
  return { ...settings, type: 'job', module: 'job' };
}
