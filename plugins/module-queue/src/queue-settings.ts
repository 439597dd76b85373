/** What an app and a workspace write for the `queue` module. */

export type DeadLetterSettings = {
  /** Receives before a message moves to the dead-letter queue; default 5. */
  readonly maxReceiveCount?: number;
  /** Seconds the dead-letter queue keeps a message; default 1209600 (14 days, the maximum). */
  readonly messageRetentionPeriod?: number;
};

export type QueueSettings = {
  readonly module: string;
  /** Seconds a received message stays invisible to other consumers; default the platform's, else 30. */
  readonly visibilityTimeout?: number;
  /** Seconds a message is kept; default the platform's, else SQS's (4 days). */
  readonly messageRetentionPeriod?: number;
  /** Seconds every message is delayed; default 0. */
  readonly delaySeconds?: number;
  /** A dead-letter queue for messages received too often (`true`: the defaults). */
  readonly deadLetter?: boolean | DeadLetterSettings;
  /** Prefix of the workload's variables; default `QUEUE_`. */
  readonly envPrefix?: string;
};

export type QueuePlatformSettings = {
  /** Where the queue lives: `aws` (SQS). */
  readonly type: 'aws';
  readonly visibilityTimeout?: number;
  readonly messageRetentionPeriod?: number;
  /** Encryption: SQS-managed keys (the default) unless a KMS key is named. */
  readonly kmsMasterKeyId?: string;
  readonly deletionPolicy?: 'Delete' | 'Retain';
};
