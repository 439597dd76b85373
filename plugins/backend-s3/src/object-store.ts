/**
 * The only module that talks to S3: the `ObjectStore` of @kusion/backend-kit — small text objects
 * under the prefix, with the conditional writes the stores build on (`If-None-Match: *` to
 * create, `If-Match: <etag>` to replace or delete what we last saw). Outcomes of conditions are
 * values, not exceptions; every other failure becomes a coded `BACKEND_FAILED` error naming the
 * key.
 */
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ListedObject,
  ObjectStore,
  PutCondition,
  PutOutcome,
  StoredObject,
} from '@kusion/backend-kit';
import { KusionError } from '@kusion/sdk';
import { attemptsOf, errorCode, httpStatus, toBackendError } from './s3-errors.js';

export interface ObjectStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** `''` or ending with `/`. */
  readonly prefix: string;
  /** For messages. */
  readonly endpoint: string | undefined;
}

/** S3 answers 409 to a conditional write racing another one on the same key: retry it. */
const CONFLICT_RETRIES = 5;
/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;

const CONTENT_TYPES: readonly (readonly [string, string])[] = [
  ['.json', 'application/json'],
  ['.yaml', 'application/yaml'],
];

function contentTypeOf(key: string): string {
  return CONTENT_TYPES.find(([suffix]) => key.endsWith(suffix))?.[1] ?? 'text/plain';
}

export function createObjectStore({
  client,
  bucket,
  prefix,
  endpoint,
}: ObjectStoreOptions): ObjectStore {
  const describe = (key: string): string => `s3://${bucket}/${prefix}${key}`;
  const fail = (error: unknown, action: string, key: string): KusionError =>
    toBackendError(error, { action, target: describe(key), bucket, endpoint });
  const isMissing = (error: unknown): boolean => errorCode(error) === 'NoSuchKey';

  async function get(key: string): Promise<StoredObject | undefined> {
    try {
      const response = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: prefix + key }),
      );
      const body = (await response.Body?.transformToString('utf8')) ?? '';
      return { body, etag: response.ETag ?? '', lastModified: response.LastModified };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw fail(error, 'read', key);
    }
  }

  /**
   * A conditional write that failed after the SDK retried it may have succeeded on an earlier
   * attempt whose answer was lost: it is ours when the object holds exactly our bytes.
   */
  async function wasWrittenByUs(key: string, body: string): Promise<StoredObject | undefined> {
    const current = await get(key);
    return current?.body === body ? current : undefined;
  }

  async function putOnce(key: string, body: string, condition?: PutCondition): Promise<PutOutcome> {
    try {
      const response = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: prefix + key,
          Body: body,
          ContentType: contentTypeOf(key),
          ...(condition && 'ifNoneMatch' in condition ? { IfNoneMatch: '*' } : {}),
          ...(condition && 'ifMatch' in condition ? { IfMatch: condition.ifMatch } : {}),
        }),
      );
      return { etag: response.ETag ?? '' };
    } catch (error) {
      if (condition === undefined) throw error;
      if (httpStatus(error) === 412 || errorCode(error) === 'PreconditionFailed') {
        const ours = attemptsOf(error) > 1 ? await wasWrittenByUs(key, body) : undefined;
        if (ours) return { etag: ours.etag };
        return { conflict: 'ifNoneMatch' in condition ? 'exists' : 'changed' };
      }
      if ('ifMatch' in condition && isMissing(error)) return { conflict: 'missing' };
      throw error;
    }
  }

  return {
    describe,
    restoreFrom: 'from an earlier object version (enable bucket versioning)',
    get,

    async etagOf(key) {
      // A one-byte ranged GET, not a HEAD: a HEAD answers a bare 404 for a missing bucket too,
      // which would read as "no such object".
      try {
        const response = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: prefix + key, Range: 'bytes=0-0' }),
        );
        await response.Body?.transformToString();
        return response.ETag ?? '';
      } catch (error) {
        if (isMissing(error)) return undefined;
        // An empty object (someone else's) has no byte 0: read it whole.
        if (errorCode(error) === 'InvalidRange') return (await get(key))?.etag;
        throw fail(error, 'read', key);
      }
    },

    async put(key, body, condition) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await putOnce(key, body, condition);
        } catch (error) {
          const isRacing =
            httpStatus(error) === 409 && errorCode(error) === 'ConditionalRequestConflict';
          if (!isRacing || attempt >= CONFLICT_RETRIES) throw fail(error, 'write', key);
          await sleep(20 * attempt * (0.5 + Math.random()));
        }
      }
    },

    async delete(key, ifMatch) {
      try {
        await client.send(
          new DeleteObjectCommand({
            Bucket: bucket,
            Key: prefix + key,
            ...(ifMatch === undefined ? {} : { IfMatch: ifMatch }),
          }),
        );
        return 'deleted';
      } catch (error) {
        if (isMissing(error)) return 'missing';
        if (ifMatch !== undefined && (httpStatus(error) === 412 || httpStatus(error) === 409)) {
          return 'changed';
        }
        throw fail(error, 'delete', key);
      }
    },

    async list(folder, options = {}) {
      const objects: ListedObject[] = [];
      const folders: string[] = [];
      const fullFolder = prefix + folder;
      let continuationToken: string | undefined;
      do {
        let response;
        try {
          response = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: fullFolder,
              ...(options.isRecursive ? {} : { Delimiter: '/' }),
              ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
            }),
          );
        } catch (error) {
          throw fail(error, 'list', folder);
        }
        for (const object of response.Contents ?? []) {
          if (object.Key === undefined) continue;
          objects.push({ name: object.Key.slice(fullFolder.length), etag: object.ETag ?? '' });
        }
        for (const common of response.CommonPrefixes ?? []) {
          if (common.Prefix !== undefined) folders.push(common.Prefix.slice(fullFolder.length));
        }
        continuationToken = response.IsTruncated ? response.NextContinuationToken : undefined;
      } while (continuationToken !== undefined);
      return { objects, folders };
    },

    async deleteMany(keys) {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        let errors;
        try {
          const response = await client.send(
            new DeleteObjectsCommand({
              Bucket: bucket,
              Delete: { Objects: batch.map((key) => ({ Key: prefix + key })), Quiet: true },
            }),
          );
          errors = response.Errors ?? [];
        } catch (error) {
          throw fail(error, 'delete', batch[0] ?? '');
        }
        const [first] = errors;
        if (first) {
          throw new KusionError(
            'BACKEND_FAILED',
            `could not delete ${errors.length} object(s), e.g. s3://${bucket}/${first.Key ?? '?'}: ${first.Code ?? 'unknown'} ${first.Message ?? ''}`.trimEnd(),
            { hint: 'Check that the credentials allow s3:DeleteObject; run the command again.' },
          );
        }
      }
    },

    close() {
      client.destroy();
    },
  };
}
