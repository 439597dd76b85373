/**
 * AWS SDK v3 clients built from the connection settings and the standard AWS environment
 * (`AWS_REGION`, `AWS_PROFILE`, `AWS_ENDPOINT_URL`, credentials chain...). Service clients other
 * than CloudFormation are imported on first use: each costs start-up time and most runs never
 * need them.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { ProviderMetrics } from '@kusion/sdk';
import { createCallMetrics } from './call-metrics.js';
import type { ConnectionSettings } from './settings.js';

type CredentialsProvider = ReturnType<typeof fromTemporaryCredentials>;

/** What every client is given. */
export interface ClientConfig {
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: CredentialsProvider;
  readonly profile?: string;
  readonly maxAttempts: number;
}

export interface AwsClients {
  readonly config: ClientConfig;
  cloudFormation(): Promise<CloudFormationClient>;
  /** CloudFormation without SDK retries: for calls whose failure is an answer (drift support). */
  cloudFormationOnce(): Promise<CloudFormationClient>;
  sqs(): Promise<SQSClient>;
  sns(): Promise<SNSClient>;
  ssm(): Promise<SSMClient>;
  iam(): Promise<IAMClient>;
  s3(): Promise<S3Client>;
  ec2(): Promise<EC2Client>;
  rds(): Promise<RDSClient>;
  secretsManager(): Promise<SecretsManagerClient>;
  /** The region the clients resolved (settings, environment or profile). */
  region(): Promise<string>;
  /** Calls every client sent so far. */
  metrics(): ProviderMetrics;
  destroy(): void;
}

/** Throttling and transient errors are retried by the SDK first (standard mode, 5 attempts). */
const MAX_ATTEMPTS = 5;

export function createAwsClients(settings: ConnectionSettings): AwsClients {
  const config: ClientConfig = {
    maxAttempts: MAX_ATTEMPTS,
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    ...(settings.roleArn === undefined
      ? staticCredentials(settings)
      : { credentials: assumedRole(settings.roleArn, settings) }),
  };
  const made: { destroy(): void }[] = [];
  const calls = createCallMetrics();
  const lazily = <T extends { destroy(): void } & Parameters<typeof calls.watch>[0]>(
    make: () => Promise<T>,
  ): (() => Promise<T>) => {
    let client: Promise<T> | undefined;
    return () =>
      (client ??= make().then((instance) => {
        calls.watch(instance);
        made.push(instance);
        return instance;
      }));
  };

  const cloudFormation = lazily(
    async () => new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(config),
  );
  return {
    config,
    cloudFormation,
    cloudFormationOnce: lazily(
      async () =>
        new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient({
          ...config,
          maxAttempts: 1,
        }),
    ),
    // Behind a custom endpoint, queue URLs name hosts that do not exist (moto answers with AWS's).
    sqs: lazily(
      async () =>
        new (await import('@aws-sdk/client-sqs')).SQSClient({
          ...config,
          useQueueUrlAsEndpoint: !hasCustomEndpoint(config, 'SQS'),
        }),
    ),
    sns: lazily(async () => new (await import('@aws-sdk/client-sns')).SNSClient(config)),
    ssm: lazily(async () => new (await import('@aws-sdk/client-ssm')).SSMClient(config)),
    iam: lazily(async () => new (await import('@aws-sdk/client-iam')).IAMClient(config)),
    // A custom endpoint (an emulator) serves buckets by path, not by virtual host.
    s3: lazily(
      async () =>
        new (await import('@aws-sdk/client-s3')).S3Client({
          ...config,
          forcePathStyle: hasCustomEndpoint(config, 'S3'),
        }),
    ),
    ec2: lazily(async () => new (await import('@aws-sdk/client-ec2')).EC2Client(config)),
    rds: lazily(async () => new (await import('@aws-sdk/client-rds')).RDSClient(config)),
    secretsManager: lazily(
      async () =>
        new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(config),
    ),
    async region() {
      return (await cloudFormation()).config.region();
    },
    metrics: () => calls.snapshot(),
    destroy() {
      for (const client of made.splice(0)) client.destroy();
    },
  };
}

function hasCustomEndpoint(config: ClientConfig, service: string): boolean {
  return (
    config.endpoint !== undefined ||
    process.env.AWS_ENDPOINT_URL !== undefined ||
    process.env[`AWS_ENDPOINT_URL_${service}`] !== undefined
  );
}

/** Base credentials (profile or the default chain) exchanged for the role's, refreshed as needed. */
/** `accessKeyId` + `secretAccessKey` from the settings, when given. */
function staticCredentials(settings: ConnectionSettings): { credentials?: CredentialsProvider } {
  const { accessKeyId, secretAccessKey } = settings;
  if (accessKeyId === undefined || secretAccessKey === undefined) return {};
  return { credentials: () => Promise.resolve({ accessKeyId, secretAccessKey }) };
}

function assumedRole(roleArn: string, settings: ConnectionSettings): CredentialsProvider {
  let provider: Promise<CredentialsProvider> | undefined;
  return async (options) => {
    provider ??= import('@aws-sdk/credential-providers').then(
      ({ fromNodeProviderChain, fromTemporaryCredentials }) =>
        fromTemporaryCredentials({
          params: { RoleArn: roleArn, RoleSessionName: 'kusion' },
          masterCredentials: fromNodeProviderChain(
            settings.profile === undefined ? {} : { profile: settings.profile },
          ),
          clientConfig: {
            ...(settings.region === undefined ? {} : { region: settings.region }),
            ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
          },
        }),
    );
    return (await provider)(options);
  };
}
