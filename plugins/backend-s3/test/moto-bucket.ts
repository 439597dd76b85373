/**
 * One moto server per test file, wiped before every test, with the state bucket created again:
 * each test starts from an empty bucket.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Backend, ReleaseWriteOptions } from '@kusion/sdk';
import { sampleWriter } from '@kusion/testkit/backend-conformance';
import { startMoto } from '@kusion/test-peers';
import type { MotoPeer } from '@kusion/test-peers';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createS3Backend } from '../src/s3-backend.js';
import type { S3BackendOptions } from '../src/s3-backend.js';
import { parseS3Settings } from '../src/settings.js';

export const BUCKET = 'kusion-state';
export const PREFIX = 'team-a/';

export interface MotoBucket {
  readonly peer: MotoPeer;
  /** A raw client, to look at or tamper with objects behind the backend's back. */
  readonly client: S3Client;
  /** A new backend instance (as another process would have) on the bucket. */
  backend(settings?: Record<string, unknown>, options?: S3BackendOptions): Backend;
  /** A backend whose S3 requests are recorded: command name (`GetObjectCommand`...) and key. */
  recordingBackend(): {
    backend: Backend;
    requests: { command: string; key: string | undefined }[];
  };
  /** Takes the lock of the sample scope: the fence release writes in tests carry. */
  lock(): Promise<ReleaseWriteOptions>;
  /** The object's text under the prefix, or undefined. */
  read(key: string): Promise<string | undefined>;
  write(key: string, body: string): Promise<void>;
}

export function useMotoBucket(): MotoBucket {
  let peer: MotoPeer | undefined;
  let client: S3Client | undefined;
  const backends: Backend[] = [];
  const newClient = (): S3Client =>
    new S3Client({
      endpoint: peer!.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  beforeAll(async () => {
    peer = await startMoto();
    client = newClient();
  });
  afterAll(async () => {
    for (const backend of backends) await backend.close?.();
    client?.destroy();
    await peer?.stop();
  });
  beforeEach(async () => {
    await peer!.reset();
    await client!.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  return {
    get peer() {
      return peer!;
    },
    get client() {
      return client!;
    },
    backend(settings = {}, options = {}) {
      const backend = createS3Backend(
        parseS3Settings({
          bucket: BUCKET,
          prefix: PREFIX,
          endpoint: peer!.endpoint,
          region: 'us-east-1',
          ...settings,
        }),
        {
          clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
          ...options,
        },
      );
      backends.push(backend);
      return backend;
    },
    recordingBackend() {
      const requests: { command: string; key: string | undefined }[] = [];
      const recorded = newClient();
      recorded.middlewareStack.add(
        (next, context) => (args) => {
          const input = args.input as { Key?: string; Prefix?: string };
          requests.push({ command: context.commandName ?? '?', key: input.Key ?? input.Prefix });
          return next(args);
        },
        { step: 'initialize' },
      );
      const backend = createS3Backend(
        parseS3Settings({ bucket: BUCKET, prefix: PREFIX, endpoint: peer!.endpoint }),
        { client: recorded },
      );
      backends.push(backend);
      return { backend, requests };
    },
    async lock() {
      return (await sampleWriter(this.backend())).write;
    },
    async read(key) {
      try {
        const response = await client!.send(
          new GetObjectCommand({ Bucket: BUCKET, Key: PREFIX + key }),
        );
        return await response.Body?.transformToString();
      } catch (error) {
        if ((error as { name?: unknown }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async write(key, body) {
      await client!.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: PREFIX + key, Body: Buffer.from(body) }),
      );
    },
  };
}
