/**
 * A watch that lasts: the API server ends watch requests after a while and may forget old
 * resource versions (410 Gone); this reconnects from the last version seen, starts over when the
 * version is gone, and ends quietly when the caller's signal aborts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isJsonObject } from '../manifest/json-object.js';
import type { JsonObject } from '../manifest/json-object.js';
import { KubeApiError, KubeConnectionError } from './api-error.js';
import { isAborted } from './transport.js';
import type { KubeTransport } from './transport.js';

export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: JsonObject;
}

export interface WatchOptions {
  readonly fieldSelector?: string | undefined;
  readonly labelSelector?: string | undefined;
  /** Start after this version; without it the current objects arrive first as ADDED. */
  readonly resourceVersion?: string | undefined;
  readonly signal: AbortSignal;
}

const SERVER_TIMEOUT_SECONDS = 290;
const MAX_BACKOFF_MS = 5_000;

export async function* watchCollection(
  transport: KubeTransport,
  collectionPath: string,
  options: WatchOptions,
): AsyncGenerator<WatchEvent, void, undefined> {
  const { signal } = options;
  let resourceVersion = options.resourceVersion;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const lines = transport.stream(collectionPath, {
        signal,
        query: {
          watch: 'true',
          allowWatchBookmarks: 'true',
          timeoutSeconds: String(SERVER_TIMEOUT_SECONDS),
          fieldSelector: options.fieldSelector,
          labelSelector: options.labelSelector,
          resourceVersion,
        },
      });
      for await (const line of lines) {
        if (!isJsonObject(line) || !isJsonObject(line['object'])) continue;
        const { type, object } = line as { type: unknown; object: JsonObject };
        if (type === 'ERROR')
          throw new KubeApiError(Number(object['code']) || 500, object, `WATCH ${collectionPath}`);
        const version = isJsonObject(object['metadata'])
          ? object['metadata']['resourceVersion']
          : undefined;
        if (typeof version === 'string') resourceVersion = version;
        failures = 0;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') yield { type, object };
      }
    } catch (error) {
      if (isAborted(signal)) return;
      if (error instanceof KubeApiError && error.status === 410) {
        resourceVersion = undefined; // too old: start over from the current state
        continue;
      }
      const isTransient =
        (error instanceof KubeApiError || error instanceof KubeConnectionError) &&
        error.isTransient;
      if (!isTransient) throw error;
      failures += 1;
      await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** failures), undefined, { signal }).catch(
        () => undefined,
      );
    }
  }
}
