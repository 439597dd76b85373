/**
 * Which API a CronJob is written in. A module is a pure function of its request (no discovery
 * call to the cluster, so `generate` works offline and gives the same Spec every time), so the
 * workspace says it: the platform's `cronJobApiVersion`, else the context's `kubernetesVersion`
 * (`1.20`, `v1.20.2`: batch/v1beta1 before 1.21, where batch/v1 appeared), else batch/v1.
 */
import type { Attributes } from '@kusion/sdk';
import { platformSettingError } from '@kusion/module-kit';

export type CronJobApiVersion = 'batch/v1' | 'batch/v1beta1';

export function cronJobApiVersion(
  platform: { readonly cronJobApiVersion?: CronJobApiVersion },
  context: Attributes,
): CronJobApiVersion {
  if (platform.cronJobApiVersion) return platform.cronJobApiVersion;
  const version = context['kubernetesVersion'];
  if (version === undefined) return 'batch/v1';
  const match = typeof version === 'string' ? /^v?(\d+)\.(\d+)/.exec(version) : null;
  if (!match) {
    throw platformSettingError(
      'job',
      'context.kubernetesVersion',
      `${JSON.stringify(version)} is not a Kubernetes version`,
      'write it as "1.20" or "v1.20.2" (in quotes), or set modules.job.configs.default.cronJobApiVersion',
    );
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major === 1 && minor < 21 ? 'batch/v1beta1' : 'batch/v1';
}
