/**
 * The workload's labels, annotations and replicas from the app's settings and the platform's
 * defaults, by Kusion's rules: the platform fills what the app leaves out (the app wins on a
 * shared key), and the app's identifying labels win over both, because the workload's selector
 * is made of them.
 */
import type { ModuleGenerateRequest } from '@kusion/sdk';
import { uniqueAppLabels } from '../naming.js';
import type { WorkloadPlatformSettings, WorkloadSettings } from './workload-types.js';

export interface WorkloadMetadata {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string> | undefined;
  /** What the workload's pods are selected by: the app's identifying labels. */
  readonly selector: Record<string, string>;
  readonly replicas: number | undefined;
}

export function workloadMetadata(
  request: Pick<ModuleGenerateRequest, 'project' | 'appName'>,
  workload: WorkloadSettings,
  platform: WorkloadPlatformSettings,
): WorkloadMetadata {
  const selector = uniqueAppLabels(request);
  const annotations = { ...platform.annotations, ...workload.annotations };
  return {
    labels: { ...platform.labels, ...workload.labels, ...selector },
    annotations: Object.keys(annotations).length ? annotations : undefined,
    selector,
    replicas: workload.replicas ?? platform.replicas,
  };
}
