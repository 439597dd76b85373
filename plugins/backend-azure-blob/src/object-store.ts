/**
 * The only module that reads and writes blobs (apart from the lock's leases): the `ObjectStore` of
 * @kusion/backend-kit — small text blobs under the prefix of one container, with the conditional
 * writes the stores build on (`If-None-Match: *` to create, `If-Match: <etag>` to replace or
 * delete what we last saw). Outcomes of conditions are values, not exceptions; every other failure
 * becomes a coded `BACKEND_FAILED` error naming the blob.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { mapConcurrently } from '@kusion/backend-kit';
import type { ListedObject, ObjectStore, StoredObject } from '@kusion/backend-kit';
import { statusOf, storageCode, toBackendError } from './blob-errors.js';

const CONTENT_TYPES: readonly (readonly [string, string])[] = [
  ['.json', 'application/json'],
  ['.yaml', 'application/yaml'],
];

function contentTypeOf(key: string): string {
  return CONTENT_TYPES.find(([suffix]) => key.endsWith(suffix))?.[1] ?? 'text/plain';
}

const PARALLEL_DELETES = 16;

export function createObjectStore(container: ContainerClient, prefix: string): ObjectStore {
  const blob = (key: string) => container.getBlockBlobClient(prefix + key);
  const describe = (key: string): string => blob(key).url.split('?')[0] ?? '';
  const isMissing = (error: unknown): boolean =>
    statusOf(error) === 404 && storageCode(error) !== 'ContainerNotFound';

  async function get(key: string): Promise<StoredObject | undefined> {
    try {
      // One request: the ETag is the one of exactly these bytes.
      const response = await blob(key).download();
      const body = await textOf(response.readableStreamBody);
      return { body, etag: response.etag ?? '', lastModified: response.lastModified };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw toBackendError(error, { action: 'read', target: describe(key) });
    }
  }

  async function etagOf(key: string): Promise<string | undefined> {
    try {
      return (await blob(key).getProperties()).etag ?? '';
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw toBackendError(error, { action: 'read', target: describe(key) });
    }
  }

  return {
    describe,
    restoreFrom: 'from an earlier blob version (enable blob versioning or soft delete)',
    get,
    etagOf,

    async put(key, body, condition) {
      try {
        const response = await blob(key).upload(body, Buffer.byteLength(body), {
          blobHTTPHeaders: { blobContentType: contentTypeOf(key) },
          ...(condition === undefined
            ? {}
            : {
                conditions:
                  'ifNoneMatch' in condition
                    ? { ifNoneMatch: '*' }
                    : { ifMatch: condition.ifMatch },
              }),
        });
        return { etag: response.etag ?? '' };
      } catch (error) {
        const status = statusOf(error);
        if (condition === undefined || (status !== 409 && status !== 412 && status !== 404))
          throw toBackendError(error, { action: 'write', target: describe(key) });
        if ('ifNoneMatch' in condition) return { conflict: 'exists' };
        return { conflict: (await etagOf(key)) === undefined ? 'missing' : 'changed' };
      }
    },

    async delete(key, ifMatch) {
      try {
        await blob(key).delete(ifMatch === undefined ? {} : { conditions: { ifMatch } });
        return 'deleted';
      } catch (error) {
        if (isMissing(error)) return 'missing';
        if (ifMatch !== undefined && (statusOf(error) === 412 || statusOf(error) === 409))
          return 'changed';
        throw toBackendError(error, { action: 'delete', target: describe(key) });
      }
    },

    async list(folder, options = {}) {
      const objects: ListedObject[] = [];
      const folders: string[] = [];
      const fullFolder = prefix + folder;
      try {
        if (options.isRecursive) {
          for await (const item of container.listBlobsFlat({ prefix: fullFolder }))
            objects.push({
              name: item.name.slice(fullFolder.length),
              etag: item.properties.etag,
            });
        } else {
          for await (const item of container.listBlobsByHierarchy('/', { prefix: fullFolder })) {
            if (item.kind === 'prefix') folders.push(item.name.slice(fullFolder.length));
            else
              objects.push({
                name: item.name.slice(fullFolder.length),
                etag: item.properties.etag,
              });
          }
        }
      } catch (error) {
        throw toBackendError(error, { action: 'list', target: describe(folder) });
      }
      return { objects, folders };
    },

    async deleteMany(keys) {
      await mapConcurrently(keys, PARALLEL_DELETES, async (key) => {
        try {
          await blob(key).delete();
        } catch (error) {
          if (!isMissing(error))
            throw toBackendError(error, { action: 'delete', target: describe(key) });
        }
      });
    },

    close() {
      // The SDK keeps no connections that need closing.
    },
  };
}

/** A downloaded blob's text. */
export async function textOf(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (stream === undefined) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
