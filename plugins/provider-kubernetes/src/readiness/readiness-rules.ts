/**
 * Which readiness rule a kind follows. Kinds without a status worth waiting for (ConfigMap, RBAC,
 * ServiceAccount...) are ready as soon as they are applied, without asking the server.
 */
import type { ReadinessStatus } from '@kusion/sdk';
import { groupOf } from '../manifest/object-ref.js';
import {
  claimReadiness,
  crdReadiness,
  customResourceReadiness,
  jobReadiness,
  podReadiness,
  serviceReadiness,
} from './other-rules.js';
import {
  daemonSetReadiness,
  deploymentReadiness,
  replicaSetReadiness,
  statefulSetReadiness,
} from './workload-rules.js';

export type ReadinessRule = (object: unknown) => ReadinessStatus;

const RULES: Readonly<Record<string, ReadinessRule>> = {
  'apps/Deployment': deploymentReadiness,
  'apps/StatefulSet': statefulSetReadiness,
  'apps/DaemonSet': daemonSetReadiness,
  'apps/ReplicaSet': replicaSetReadiness,
  'batch/Job': jobReadiness,
  '/Pod': podReadiness,
  '/Service': serviceReadiness,
  '/PersistentVolumeClaim': claimReadiness,
  'apiextensions.k8s.io/CustomResourceDefinition': crdReadiness,
};

/** Built-in groups whose other kinds have nothing to wait for. */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'policy',
  'autoscaling',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'node.k8s.io',
  'admissionregistration.k8s.io',
  'certificates.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
]);

/** The rule for a kind, or undefined when it is ready once applied. */
export function readinessRuleFor(apiVersion: string, kind: string): ReadinessRule | undefined {
  const group = groupOf(apiVersion);
  const rule = RULES[`${group}/${kind}`];
  if (rule) return rule;
  return BUILT_IN_GROUPS.has(group) ? undefined : customResourceReadiness;
}
