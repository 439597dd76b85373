export { buildPodTemplateParts } from './pod-template.js';
export type { PodTemplateParts } from './pod-template.js';
export { toResourceRequirements } from './compute-resources.js';
export type { ResourceRequirements } from './compute-resources.js';
export { toKubernetesLifecycleHandler, toKubernetesProbe } from './probes.js';
export { workloadMetadata } from './workload-metadata.js';
export type { WorkloadMetadata } from './workload-metadata.js';
export { workloadAppSchema, workloadPlatformProperties } from './workload-schema.js';
export type * from './workload-types.js';
