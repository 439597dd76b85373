/**
 * `job`: the app's workload as a Job named `<project>-<stack>-<app>` that runs once, or a CronJob
 * when it has a `schedule` — Kusion's job module. Pods never restart in place
 * (`restartPolicy: Never`: a failed pod is replaced, so its logs stay readable); inline files are
 * ConfigMaps as for `service`.
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
import { cronJobApiVersion } from './cron-job-api.js';
import type { CronJobApiVersion } from './cron-job-api.js';

type JobSettings = WorkloadSettings & { readonly schedule?: string };
type JobPlatformSettings = Omit<WorkloadPlatformSettings, 'replicas'> & {
  readonly cronJobApiVersion?: CronJobApiVersion;
};

export function generateJob(request: ModuleGenerateRequest): ModuleGenerateResult {
  if (request.part.kind !== 'workload') {
    throw appSettingError(
      request,
      ['module'],
      "the job module generates an app's workload, not an accessory",
      'move these settings to apps.<app>.workload',
    );
  }
  const workload = request.part.value as unknown as JobSettings;
  const platform = request.platform as JobPlatformSettings;
  const { containers, volumes, configMaps } = buildPodTemplateParts(request, workload);
  const metadata = workloadMetadata(request, workload, platform);
  const objectMeta = {
    name: uniqueAppName(request),
    namespace: namespaceOf(request),
    labels: metadata.labels,
    annotations: metadata.annotations,
  };
  const jobSpec = {
    template: {
      metadata: { labels: metadata.labels, annotations: metadata.annotations },
      spec: {
        restartPolicy: 'Never',
        containers,
        volumes: volumes.length ? volumes : undefined,
      },
    },
  };
  const workloadResource =
    workload.schedule === undefined
      ? kubernetesResource({
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: objectMeta,
          spec: jobSpec,
        })
      : kubernetesResource({
          apiVersion: cronJobApiVersion(platform, request.context),
          kind: 'CronJob',
          metadata: objectMeta,
          spec: { schedule: workload.schedule, jobTemplate: { spec: jobSpec } },
        });
  return { resources: [...configMaps, workloadResource] };
}
