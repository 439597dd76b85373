/**
 * `type: local`: an SQS-compatible broker (ElasticMQ) in the app's namespace — a ConfigMap with its
 * `elasticmq.conf` declaring the app's queue (and dead-letter queue), a Deployment and a Service.
 * The workload gets the same variables as with `type: aws`, with plain values: everything is known
 * at generate time, so nothing waits for the broker to be applied.
 *
 * The broker keeps messages in memory: one replica, replaced with `Recreate` (two brokers behind
 * one Service would each hold part of the messages), restarted when its configuration changes.
 */
import { createHash } from 'node:crypto';
import type { EnvVar, ModuleGenerateResult } from '@kusion/sdk';
import {
  kubernetesResource,
  labelValue,
  namespaceOf,
  toResourceRequirements,
} from '@kusion/module-kit';
import {
  ELASTICMQ_CONFIG_PATH,
  ELASTICMQ_PORT,
  queueArn,
  queueUrl,
  renderElasticMqConfig,
} from './elasticmq-config.js';
import type { ElasticMqQueue } from './elasticmq-config.js';
import type { QueueInput } from './queue-input.js';

/** The broker's image unless the platform names another: pinned, so a deploy is repeatable. */
export const DEFAULT_ELASTICMQ_IMAGE = 'softwaremill/elasticmq-native:1.6.16';
const CONFIG_KEY = 'elasticmq.conf';
/** The pod template annotation that changes with the configuration, so the broker restarts to read it. */
const CONFIG_HASH_ANNOTATION = 'kusion.io/config-hash';

export function generateLocalQueue(input: QueueInput): ModuleGenerateResult {
  const { request, settings, platform, name, envPrefix: prefix, deadLetter } = input;
  const namespace = namespaceOf(request);
  const host = `${name}.${namespace}`;
  const deadLetterName = `${name}-dlq`;
  // As the catalog's local databases: pods no app Service selects, grouped under the project.
  const selector = { accessory: name };
  const labels = {
    ...selector,
    'app.kubernetes.io/part-of': labelValue(request.project),
    'app.kubernetes.io/component': 'queue',
  };

  const queues: ElasticMqQueue[] = [
    {
      name,
      visibilityTimeout: input.visibilityTimeout,
      delaySeconds: settings.delaySeconds,
      deadLetter: deadLetter && {
        name: deadLetterName,
        maxReceiveCount: deadLetter.maxReceiveCount,
      },
    },
  ];
  // As `type: aws`'s dead-letter queue: default visibility (its 14-day retention has no ElasticMQ setting).
  if (deadLetter) queues.push({ name: deadLetterName });
  const conf = renderElasticMqConfig({ host, queues });

  const configMap = kubernetesResource({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels },
    data: { [CONFIG_KEY]: conf },
  });
  const service = kubernetesResource({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: {
      selector,
      ports: [{ name: 'sqs', port: ELASTICMQ_PORT, targetPort: ELASTICMQ_PORT, protocol: 'TCP' }],
    },
  });
  const broker = kubernetesResource({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels,
          annotations: { [CONFIG_HASH_ANNOTATION]: sha256(conf) },
        },
        spec: {
          containers: [
            {
              name: 'elasticmq',
              image: platform.image ?? DEFAULT_ELASTICMQ_IMAGE,
              ports: [{ name: 'sqs', containerPort: ELASTICMQ_PORT, protocol: 'TCP' }],
              resources: toResourceRequirements(platform.resources),
              volumeMounts: [
                { name: 'config', mountPath: ELASTICMQ_CONFIG_PATH, subPath: CONFIG_KEY },
              ],
              readinessProbe: { tcpSocket: { port: ELASTICMQ_PORT }, periodSeconds: 5 },
            },
          ],
          volumes: [{ name: 'config', configMap: { name } }],
        },
      },
    },
  });

  const environments: EnvVar[] = [
    { name: `${prefix}URL`, value: queueUrl(host, name) },
    { name: `${prefix}ARN`, value: queueArn(name) },
    { name: `${prefix}NAME`, value: name },
  ];
  if (deadLetter) {
    environments.push(
      { name: `${prefix}DLQ_URL`, value: queueUrl(host, deadLetterName) },
      { name: `${prefix}DLQ_ARN`, value: queueArn(deadLetterName) },
    );
  }
  return { resources: [configMap, service, broker], patcher: { environments } };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
