/**
 * `type: local`: the database server in the app's namespace, as Kusion's local databases are, but
 * as a StatefulSet with its own PersistentVolumeClaim instead of a Deployment: one server, stable
 * storage, and a headless Service the workload reaches it by (`<name>.<namespace>.svc`).
 */
import type { ModuleGenerateRequest, ModuleGenerateResult, Resource } from '@kusion/sdk';
import { kubernetesResource } from '../kubernetes-resource.js';
import { kubernetesName, namespaceOf } from '../naming.js';
import { toResourceRequirements } from '../workload/compute-resources.js';
import { connectionPatcher, connectionSecret } from './connection-secret.js';
import { derivePassword } from './database-password.js';
import type { DatabaseEngine, DatabasePlatformSettings } from './database-settings.js';
import { DEFAULT_LOCAL_SIZE_GIB } from './database-settings.js';

export interface LocalDatabaseRequest {
  readonly request: ModuleGenerateRequest;
  readonly engine: DatabaseEngine;
  readonly platform: DatabasePlatformSettings;
  /** `<project>-<stack>-<app>-<accessory>`. */
  readonly baseName: string;
  readonly version: string;
  readonly username: string;
  readonly databaseName: string;
  readonly envPrefix: string;
}

export function generateLocalDatabase(input: LocalDatabaseRequest): ModuleGenerateResult {
  const { request, engine, platform, baseName } = input;
  const namespace = namespaceOf(request);
  const name = baseName;
  const claimName = kubernetesName(`${baseName}-data`);
  // Kusion's label for a local database's pods: never one an app's Service selects.
  const selector = { accessory: baseName };
  const labels = {
    ...selector,
    'app.kubernetes.io/part-of': request.project,
    'app.kubernetes.io/component': engine.module,
  };

  const secret = connectionSecret(
    request,
    name,
    {
      host: `${name}.${namespace}.svc`,
      port: String(engine.port),
      username: input.username,
      password: derivePassword(request, engine.module),
      database: input.databaseName,
    },
    { labels },
  );
  const claim = kubernetesResource({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: claimName, namespace, labels },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: platform.storageClassName,
      resources: { requests: { storage: `${platform.size ?? DEFAULT_LOCAL_SIZE_GIB}Gi` } },
    },
  });
  const service = kubernetesResource({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: {
      clusterIP: 'None',
      selector,
      ports: [{ name: 'db', port: engine.port, targetPort: engine.port, protocol: 'TCP' }],
    },
  });
  const server = kubernetesResource({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, labels },
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: engine.module,
              image: platform.image ?? `${engine.image}:${input.version}`,
              env: engine.localEnvironment(name),
              ports: [{ name: 'db', containerPort: engine.port, protocol: 'TCP' }],
              resources: toResourceRequirements(platform.resources),
              // A sub-folder: the volume's root may hold `lost+found`, which both servers refuse.
              volumeMounts: [{ name: 'data', mountPath: engine.dataPath, subPath: 'data' }],
              readinessProbe: { tcpSocket: { port: engine.port }, periodSeconds: 5 },
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
        },
      },
    },
  });
  const resources: Resource[] = [secret, claim, service, server];
  return { resources, patcher: connectionPatcher(name, input.envPrefix) };
}
