/**
 * What we know about built-in kinds without asking the server: used where no request should be
 * made (validation, ordering, readiness of kinds that have none). Discovery stays the authority
 * for REST paths and scope.
 */
import { groupOf } from './object-ref.js';

const key = (group: string, kind: string): string => `${group}/${kind}`;

/** Built-in cluster-scoped kinds, by group. */
const CLUSTER_SCOPED = new Set([
  key('', 'Namespace'),
  key('', 'Node'),
  key('', 'PersistentVolume'),
  key('', 'ComponentStatus'),
  key('rbac.authorization.k8s.io', 'ClusterRole'),
  key('rbac.authorization.k8s.io', 'ClusterRoleBinding'),
  key('apiextensions.k8s.io', 'CustomResourceDefinition'),
  key('apiregistration.k8s.io', 'APIService'),
  key('storage.k8s.io', 'StorageClass'),
  key('storage.k8s.io', 'CSIDriver'),
  key('storage.k8s.io', 'CSINode'),
  key('storage.k8s.io', 'VolumeAttachment'),
  key('scheduling.k8s.io', 'PriorityClass'),
  key('node.k8s.io', 'RuntimeClass'),
  key('admissionregistration.k8s.io', 'MutatingWebhookConfiguration'),
  key('admissionregistration.k8s.io', 'ValidatingWebhookConfiguration'),
  key('certificates.k8s.io', 'CertificateSigningRequest'),
  key('networking.k8s.io', 'IngressClass'),
  key('policy', 'PodSecurityPolicy'),
  key('flowcontrol.apiserver.k8s.io', 'FlowSchema'),
  key('flowcontrol.apiserver.k8s.io', 'PriorityLevelConfiguration'),
]);

/** Kinds that run Pods: they come after the configuration they may use. */
const WORKLOADS = new Set([
  key('', 'Pod'),
  key('', 'ReplicationController'),
  key('apps', 'Deployment'),
  key('apps', 'StatefulSet'),
  key('apps', 'DaemonSet'),
  key('apps', 'ReplicaSet'),
  key('batch', 'Job'),
  key('batch', 'CronJob'),
]);

/** What workloads of the same namespace may use: applied before them. */
const WORKLOAD_PREREQUISITES = new Set([
  key('', 'ServiceAccount'),
  key('', 'ConfigMap'),
  key('', 'Secret'),
  key('', 'PersistentVolumeClaim'),
  key('', 'LimitRange'),
  key('', 'ResourceQuota'),
  key('rbac.authorization.k8s.io', 'Role'),
  key('rbac.authorization.k8s.io', 'RoleBinding'),
]);

/** Cluster-wide RBAC that workloads may need: applied before every workload. */
const CLUSTER_RBAC = new Set([
  key('rbac.authorization.k8s.io', 'ClusterRole'),
  key('rbac.authorization.k8s.io', 'ClusterRoleBinding'),
]);

/** Containers whose ports need an explicit protocol on Kubernetes 1.20 (see port-protocols.ts). */
const POD_TEMPLATE_OWNERS = new Set([...WORKLOADS, key('', 'PodTemplate')]);

export function isKnownClusterScoped(apiVersion: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(key(groupOf(apiVersion), kind));
}

export function isWorkload(apiVersion: string, kind: string): boolean {
  return WORKLOADS.has(key(groupOf(apiVersion), kind));
}

export function isWorkloadPrerequisite(apiVersion: string, kind: string): boolean {
  return WORKLOAD_PREREQUISITES.has(key(groupOf(apiVersion), kind));
}

export function isClusterRbac(apiVersion: string, kind: string): boolean {
  return CLUSTER_RBAC.has(key(groupOf(apiVersion), kind));
}

export function hasPodTemplate(apiVersion: string, kind: string): boolean {
  return POD_TEMPLATE_OWNERS.has(key(groupOf(apiVersion), kind));
}

export function isCustomResourceDefinition(apiVersion: string, kind: string): boolean {
  return groupOf(apiVersion) === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition';
}

export function isCoreKind(apiVersion: string, kind: string, wanted: string): boolean {
  return apiVersion === 'v1' && kind === wanted;
}

/** A `v1` Secret: its `data` and `stringData` are secrets. */
export function isSecret(apiVersion: string, kind: string): boolean {
  return isCoreKind(apiVersion, kind, 'Secret');
}
