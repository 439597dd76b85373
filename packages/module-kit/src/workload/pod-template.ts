/**
 * An app's containers as a Kubernetes pod template, the way Kusion's `service` and `job` modules
 * build it: containers in name order, `secret://` env values as `secretKeyRef`, inline files as
 * ConfigMaps mounted at their path, `contentFrom`/`dirs` as Secret volumes, probes, lifecycle hooks
 * and compute resources. One difference from Kusion: each file is mounted alone (`subPath`), so two
 * files in one folder do not hide each other or the image's own files there.
 */
import { posix } from 'node:path';
import type { ModuleGenerateRequest, Resource } from '@kusion/sdk';
import { kubernetesResource } from '../kubernetes-resource.js';
import { kubernetesName, namespaceOf, uniqueAppLabels, uniqueAppName } from '../naming.js';
import { parseSecretReference } from '../secret-reference.js';
import { appSettingError } from '../settings-error.js';
import { toResourceRequirements } from './compute-resources.js';
import { toKubernetesLifecycleHandler, toKubernetesProbe } from './probes.js';
import type { FileSpec, WorkloadContainer, WorkloadSettings } from './workload-types.js';

type Request = Pick<ModuleGenerateRequest, 'project' | 'stack' | 'appName' | 'namespace' | 'part'>;

export interface PodTemplateParts {
  /** Kubernetes container objects, in container-name order. */
  readonly containers: readonly Record<string, unknown>[];
  readonly volumes: readonly Record<string, unknown>[];
  /** The ConfigMaps holding inline files, as Spec resources. */
  readonly configMaps: readonly Resource[];
}

const DEFAULT_FILE_MODE = '0644';

export function buildPodTemplateParts(
  request: Request,
  workload: WorkloadSettings,
): PodTemplateParts {
  const containers: Record<string, unknown>[] = [];
  const volumes: Record<string, unknown>[] = [];
  const configMaps: Resource[] = [];
  for (const [name, container] of sortedEntries(workload.containers)) {
    const mounts: Record<string, unknown>[] = [];
    const files = fileVolumes(request, name, container);
    volumes.push(...files.volumes, ...dirVolumes(request, name, container, mounts));
    mounts.unshift(...files.mounts);
    configMaps.push(...files.configMaps);
    containers.push({
      name,
      image: container.image,
      command: container.command ? [...container.command] : undefined,
      args: container.args ? [...container.args] : undefined,
      workingDir: container.workingDir,
      env: envOf(request, name, container),
      resources: toResourceRequirements(container.resources),
      volumeMounts: mounts.length ? mounts : undefined,
      readinessProbe: container.readinessProbe && toKubernetesProbe(container.readinessProbe),
      livenessProbe: container.livenessProbe && toKubernetesProbe(container.livenessProbe),
      startupProbe: container.startupProbe && toKubernetesProbe(container.startupProbe),
      lifecycle: container.lifecycle && {
        preStop:
          container.lifecycle.preStop && toKubernetesLifecycleHandler(container.lifecycle.preStop),
        postStart:
          container.lifecycle.postStart &&
          toKubernetesLifecycleHandler(container.lifecycle.postStart),
      },
    });
  }
  return { containers, volumes, configMaps };
}

/** `env` in written order; `secret://name/key` values read the key of that Secret. */
function envOf(
  request: Request,
  containerName: string,
  container: WorkloadContainer,
): Record<string, unknown>[] | undefined {
  const entries = Object.entries(container.env ?? {});
  if (entries.length === 0) return undefined;
  return entries.map(([name, value]) => {
    if (!value.includes('secret://')) return { name, value };
    const reference = parseSecretReference(value);
    if (!reference?.key) {
      throw appSettingError(
        request,
        ['containers', containerName, 'env', name],
        `"${value}" is not a secret reference of the form secret://<secret>/<key>`,
        'name the Secret and the key, e.g. secret://db-credentials/password',
      );
    }
    return { name, valueFrom: { secretKeyRef: { name: reference.name, key: reference.key } } };
  });
}

interface FileVolumes {
  readonly volumes: Record<string, unknown>[];
  readonly mounts: Record<string, unknown>[];
  readonly configMaps: Resource[];
}

function fileVolumes(
  request: Request,
  containerName: string,
  container: WorkloadContainer,
): FileVolumes {
  const result: FileVolumes = { volumes: [], mounts: [], configMaps: [] };
  sortedEntries(container.files ?? {}).forEach(([path, file], index) => {
    const where = ['containers', containerName, 'files', path];
    const fileName = posix.basename(path);
    if (!path.startsWith('/') || path.endsWith('/') || fileName === '') {
      throw appSettingError(
        request,
        where,
        'a file path must be absolute and end with the file name',
        'write the full path, e.g. /etc/app/config.yaml',
      );
    }
    if ((file.content === undefined) === (file.contentFrom === undefined)) {
      throw appSettingError(
        request,
        where,
        'a file needs exactly one of content and contentFrom',
        'write the text as content, or read it from a Secret with contentFrom: secret://<secret>/<key>',
      );
    }
    const mode = parseMode(request, where, file);
    const volumeName = kubernetesName(`${containerName}-file-${index}`);
    if (file.contentFrom !== undefined) {
      const reference = parseSecretReference(file.contentFrom);
      if (!reference?.key) {
        throw appSettingError(
          request,
          [...where, 'contentFrom'],
          `"${file.contentFrom}" is not a secret reference of the form secret://<secret>/<key>`,
        );
      }
      result.volumes.push({
        name: volumeName,
        secret: { secretName: reference.name, defaultMode: mode },
      });
      result.mounts.push({
        name: volumeName,
        mountPath: path,
        subPath: reference.key,
        readOnly: true,
      });
      return;
    }
    const configMapName = kubernetesName(`${uniqueAppName(request)}-${containerName}-${index}`);
    result.configMaps.push(
      kubernetesResource({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: configMapName,
          namespace: namespaceOf(request),
          labels: uniqueAppLabels(request),
        },
        data: { [fileName]: file.content ?? '' },
      }),
    );
    result.volumes.push({
      name: volumeName,
      configMap: { name: configMapName, defaultMode: mode },
    });
    result.mounts.push({ name: volumeName, mountPath: path, subPath: fileName, readOnly: true });
  });
  return result;
}

/** `dirs`: each folder gets every key of a Secret as a file. */
function dirVolumes(
  request: Request,
  containerName: string,
  container: WorkloadContainer,
  mounts: Record<string, unknown>[],
): Record<string, unknown>[] {
  return sortedEntries(container.dirs ?? {}).map(([path, value], index) => {
    const reference = parseSecretReference(value);
    if (!reference || reference.key !== undefined || !path.startsWith('/')) {
      throw appSettingError(
        request,
        ['containers', containerName, 'dirs', path],
        `expected an absolute folder and secret://<secret>, received ${JSON.stringify(path)}: ${JSON.stringify(value)}`,
        'e.g. dirs: { /etc/certs: secret://tls-certs }',
      );
    }
    const volumeName = kubernetesName(`${containerName}-dir-${index}`);
    mounts.push({ name: volumeName, mountPath: path, readOnly: true });
    return { name: volumeName, secret: { secretName: reference.name } };
  });
}

/** `0644` → 420, the decimal Kubernetes stores. */
function parseMode(request: Request, where: readonly string[], file: FileSpec): number {
  const text = file.mode ?? DEFAULT_FILE_MODE;
  const mode = /^0?[0-7]{3,4}$/.test(text) ? Number.parseInt(text, 8) : Number.NaN;
  if (Number.isNaN(mode) || mode > 0o777) {
    throw appSettingError(
      request,
      [...where, 'mode'],
      `"${text}" is not an octal file mode`,
      'e.g. mode: "0644"',
    );
  }
  return mode;
}

function sortedEntries<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
