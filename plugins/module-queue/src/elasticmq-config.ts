/**
 * The `elasticmq.conf` of a local broker (Typesafe Config / HOCON, ElasticMQ's format): the
 * address queue URLs are built from, the account and region ARNs carry, and the app's queues.
 *
 * ElasticMQ answers a queue URL as `<node-address>/<accountId>/<name>` (`/queue/<name>` only when
 * the account is empty) and accepts either form in requests. The node address is the Service's
 * in-cluster name and the account is written here rather than left to the image's defaults, so
 * the URL the workload receives is the one the broker itself returns (`GetQueueUrl`,
 * `ListQueues`) on every image tag — and has SQS's `/<account>/<name>` shape.
 */

/** The SQS API port of ElasticMQ. */
export const ELASTICMQ_PORT = 9324;
/** ElasticMQ's default account and region, written explicitly so URLs and ARNs never move. */
export const ELASTICMQ_ACCOUNT_ID = '000000000000';
export const ELASTICMQ_REGION = 'elasticmq';
/** Where the `softwaremill/elasticmq(-native)` images read their configuration (`-Dconfig.file`). */
export const ELASTICMQ_CONFIG_PATH = '/opt/elasticmq.conf';

export interface ElasticMqQueue {
  readonly name: string;
  /** Seconds; absent: ElasticMQ's default (30, as SQS's). */
  readonly visibilityTimeout?: number | undefined;
  readonly delaySeconds?: number | undefined;
  readonly deadLetter?: { readonly name: string; readonly maxReceiveCount: number } | undefined;
}

export interface ElasticMqConfig {
  /** The host queue URLs are built with: `<service>.<namespace>`. */
  readonly host: string;
  readonly queues: readonly ElasticMqQueue[];
}

export function queueUrl(host: string, name: string): string {
  return `http://${host}:${String(ELASTICMQ_PORT)}/${ELASTICMQ_ACCOUNT_ID}/${name}`;
}

export function queueArn(name: string): string {
  return `arn:aws:sqs:${ELASTICMQ_REGION}:${ELASTICMQ_ACCOUNT_ID}:${name}`;
}

export function renderElasticMqConfig(config: ElasticMqConfig): string {
  const lines = [
    '# Written by @kusion/module-queue. ElasticMQ reads it at start-up: a change restarts the broker.',
    'include classpath("application.conf")',
    '',
    'node-address {',
    '  protocol = http',
    `  host = ${quote(config.host)}`,
    `  port = ${String(ELASTICMQ_PORT)}`,
    '  context-path = ""',
    '}',
    '',
    'rest-sqs {',
    '  enabled = true',
    `  bind-port = ${String(ELASTICMQ_PORT)}`,
    '  bind-hostname = "0.0.0.0"',
    '  sqs-limits = strict',
    '}',
    '',
    'aws {',
    `  region = ${quote(ELASTICMQ_REGION)}`,
    `  accountId = ${quote(ELASTICMQ_ACCOUNT_ID)}`,
    '}',
    '',
    'queues {',
    ...config.queues.flatMap(renderQueue),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

function renderQueue(queue: ElasticMqQueue): string[] {
  const settings = [
    ...(queue.visibilityTimeout === undefined
      ? []
      : [`    defaultVisibilityTimeout = ${String(queue.visibilityTimeout)} seconds`]),
    ...(queue.delaySeconds === undefined
      ? []
      : [`    delay = ${String(queue.delaySeconds)} seconds`]),
    ...(queue.deadLetter
      ? [
          '    deadLettersQueue {',
          `      name = ${quote(queue.deadLetter.name)}`,
          `      maxReceiveCount = ${String(queue.deadLetter.maxReceiveCount)}`,
          '    }',
        ]
      : []),
  ];
  if (settings.length === 0) return [`  ${quote(queue.name)} {}`];
  return [`  ${quote(queue.name)} {`, ...settings, '  }'];
}

/** A HOCON quoted string is a JSON string. */
function quote(value: string): string {
  return JSON.stringify(value);
}
