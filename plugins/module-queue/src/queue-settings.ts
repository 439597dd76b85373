/** What an app and a workspace write for the `queue` module. */

export type DeadLetterSettings = {
  /** Receives before a message moves to the dead-letter queue; default 5. */
  readonly maxReceiveCount?: number;
  /**
   * Seconds the dead-letter queue keeps a message; default 1209600 (14 days, the maximum).
   * `type: local` ignores it: ElasticMQ has no retention setting.
   */
  readonly messageRetentionPeriod?: number;
};

export type QueueSettings = {
  readonly module: string;
  /** Seconds a received message stays invisible to other consumers; default the platform's, else 30. */
  readonly visibilityTimeout?: number;
  /**
   * Seconds a message is kept; default the platform's, else SQS's (4 days). `type: local` ignores
   * it: ElasticMQ has no retention setting.
   */
  readonly messageRetentionPeriod?: number;
  /** Seconds every message is delayed; default 0. */
  readonly delaySeconds?: number;
  /** A dead-letter queue for messages received too often (`true`: the defaults). */
  readonly deadLetter?: boolean | DeadLetterSettings;
  /** Prefix of the workload's variables; default `QUEUE_`. */
  readonly envPrefix?: string;
};

export type QueuePlatformSettings = {
  /**
   * Where the queue lives: `aws` (SQS through CloudFormation) or `local` (an ElasticMQ broker,
   * SQS-compatible, in the app's namespace).
   */
  readonly type: 'aws' | 'local';
  readonly visibilityTimeout?: number;
  /** `type: local` ignores it (ElasticMQ has no retention setting). */
  readonly messageRetentionPeriod?: number;
  /** aws: encryption with this KMS key instead of SQS-managed keys (the default). */
  readonly kmsMasterKeyId?: string;
  /** aws: what destroy does to the queues. */
  readonly deletionPolicy?: 'Delete' | 'Retain';
  /** local: the broker's image; default `softwaremill/elasticmq-native` at a pinned tag. */
  readonly image?: string;
  /** local: the broker's compute resources (`cpu: 100m`, `memory: 64Mi-256Mi`). */
  readonly resources?: Readonly<Record<string, string>>;
};
