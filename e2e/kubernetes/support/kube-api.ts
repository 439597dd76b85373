/**
 * A small client of the test apiserver for what kubectl cannot do well from a test: watch several
 * collections at once (to see the order in which objects are deleted) and play the kubelet (mark
 * Pods ready, so that Deployments become available on a cluster that has no nodes).
 */
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';

export interface KubeConnection {
  /** `https://127.0.0.1:PORT` */
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
}

export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly resourceVersion?: string;
    readonly deletionTimestamp?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly status?: Readonly<Record<string, unknown>>;
}

export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: KubeObject;
}

export interface KubeApi {
  /** One request; answers the status and the parsed JSON body (or the text, if it is not JSON). */
  send(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<{ status: number; body: unknown }>;
  /** The current resourceVersion of the cluster (the list's), to watch from. */
  currentResourceVersion(): Promise<string>;
  /**
   * Watches `path` (a collection, with any query) from `resourceVersion` until `signal` aborts,
   * reconnecting from the last event seen when the server ends the stream.
   */
  watch(
    path: string,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
}

export function createKubeApi(connection: KubeConnection): KubeApi {
  const url = new URL(connection.server);
  const open = (
    method: string,
    path: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ) =>
    request({
      host: url.hostname,
      port: url.port,
      method,
      path,
      ca: connection.caPem,
      headers: {
        Authorization: `Bearer ${connection.token}`,
        Accept: 'application/json',
        ...headers,
      },
      ...(signal ? { signal } : {}),
    });

  const api: KubeApi = {
    send(method, path, body, contentType = 'application/json') {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = open(
          method,
          path,
          payload === undefined ? {} : { 'Content-Type': contentType },
        );
        req.on('error', reject);
        req.on('response', (response: IncomingMessage) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('error', reject);
          response.on('end', () => {
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text) as unknown;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
        });
        req.end(payload);
      });
    },

    async currentResourceVersion() {
      const { status, body } = await api.send('GET', '/api/v1/namespaces?limit=1');
      const version = (body as { metadata?: { resourceVersion?: string } }).metadata
        ?.resourceVersion;
      if (status !== 200 || !version)
        throw new Error(`cannot read the resourceVersion: ${status} ${JSON.stringify(body)}`);
      return version;
    },

    async watch(path, resourceVersion, onEvent, signal) {
      let from: string | undefined = resourceVersion;
      while (from !== undefined && !signal.aborted) {
        const separator = path.includes('?') ? '&' : '?';
        const query = `watch=1&allowWatchBookmarks=true&resourceVersion=${from}`;
        try {
          from = await streamEvents(
            open('GET', `${path}${separator}${query}`, {}, signal),
            from,
            onEvent,
          );
        } catch (error) {
          // Aborting the request is how a watch is stopped.
          if (isAborted(signal)) return;
          throw error;
        }
      }
    },
  };
  return api;
}

/**
 * Reads one watch stream to its end; answers the last resourceVersion seen, or undefined when the
 * collection is gone.
 */
function streamEvents(
  req: ReturnType<typeof request>,
  from: string,
  onEvent: (event: WatchEvent) => void,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let last = from;
    req.on('error', reject);
    req.on('response', (response: IncomingMessage) => {
      // 404: the kind is not served any more (its CRD was deleted); the watch is over.
      if (response.statusCode === 404) {
        response.resume();
        resolve(undefined);
        return;
      }
      if (response.statusCode !== 200) {
        reject(new Error(`watch ${req.path} answered ${String(response.statusCode)}`));
        response.resume();
        return;
      }
      let buffer = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
          if (!line) continue;
          const event = JSON.parse(line) as WatchEvent;
          if (event.type === 'ERROR') {
            reject(new Error(`watch ${req.path} failed: ${line}`));
            return;
          }
          last = event.object.metadata.resourceVersion ?? last;
          if (event.type !== 'BOOKMARK') onEvent(event);
        }
      });
      response.on('error', reject);
      response.on('end', () => {
        resolve(last);
      });
    });
    req.end();
  });
}

// A function, so that TypeScript does not narrow `aborted` from an earlier check.
const isAborted = (signal: AbortSignal): boolean => signal.aborted;

/** A resourceVersion as a number: etcd's revision, one counter for every object of the cluster. */
export function revisionOf(resourceVersion: string | undefined): number {
  const revision = Number(resourceVersion);
  if (!Number.isSafeInteger(revision))
    throw new Error(`not an etcd revision: ${String(resourceVersion)}`);
  return revision;
}

export interface FakeKubelet {
  /** Pods this "kubelet" has marked Ready, with when (Date.now()). */
  readonly readied: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

/**
 * Plays the kubelet for one namespace: every Pod that appears there is marked Running and Ready
 * through the status subresource, so its ReplicaSet, and then its Deployment, count it available
 * (the controllers do the rest, as in a real cluster).
 */
export async function startFakeKubelet(api: KubeApi, namespace: string): Promise<FakeKubelet> {
  const readied = new Map<string, number>();
  const stopping = new AbortController();
  const pending: Promise<unknown>[] = [];
  const isReady = (pod: KubeObject): boolean => {
    const conditions = (pod.status?.['conditions'] ?? []) as { type?: string; status?: string }[];
    return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  };
  const markReady = async (pod: KubeObject): Promise<void> => {
    const now = new Date().toISOString();
    const ready = { status: 'True', lastTransitionTime: now };
    const { status } = await api.send(
      'PATCH',
      `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/status`,
      {
        status: {
          phase: 'Running',
          startTime: now,
          conditions: [
            { type: 'Initialized', ...ready },
            { type: 'ContainersReady', ...ready },
            { type: 'Ready', ...ready },
          ],
        },
      },
      'application/merge-patch+json',
    );
    if (status === 200) readied.set(pod.metadata.name, Date.now());
  };
  let failure: Error | undefined;
  const watching = api
    .watch(
      `/api/v1/namespaces/${namespace}/pods`,
      await api.currentResourceVersion(),
      (event) => {
        const pod = event.object;
        if (event.type === 'DELETED' || pod.metadata.deletionTimestamp || isReady(pod)) return;
        // A Pod deleted meanwhile answers 404: nothing to do.
        pending.push(markReady(pod).catch(() => undefined));
      },
      stopping.signal,
    )
    .catch((error: unknown) => {
      failure = error instanceof Error ? error : new Error(JSON.stringify(error));
    });
  return {
    readied,
    async stop() {
      stopping.abort();
      await watching;
      await Promise.all(pending);
      if (failure) throw failure;
    },
  };
}

/**
 * Records, for every object of `collections`, the etcd revision at which its deletion began (the
 * first event with a deletionTimestamp, else its DELETED event), and when it was gone.
 */
export interface DeletionRecorder {
  /** `<collection path> <name>` → revision where its deletion began. */
  readonly deletionStarted: ReadonlyMap<string, number>;
  /** `<collection path> <name>` → revision of its DELETED event. */
  readonly deleted: ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

export async function recordDeletions(
  api: KubeApi,
  collections: readonly string[],
): Promise<DeletionRecorder> {
  const from = await api.currentResourceVersion();
  const stopping = new AbortController();
  const failures: unknown[] = [];
  const deletionStarted = new Map<string, number>();
  const deleted = new Map<string, number>();
  const watches = collections.map((collection) =>
    api
      .watch(
        collection,
        from,
        (event) => {
          const key = `${collection.split('?')[0] ?? collection} ${event.object.metadata.name}`;
          const revision = revisionOf(event.object.metadata.resourceVersion);
          const isDeleting = event.type === 'DELETED' || !!event.object.metadata.deletionTimestamp;
          if (isDeleting && !deletionStarted.has(key)) deletionStarted.set(key, revision);
          if (event.type === 'DELETED') deleted.set(key, revision);
        },
        stopping.signal,
      )
      .catch((error: unknown) => failures.push(error)),
  );
  return {
    deletionStarted,
    deleted,
    async stop() {
      stopping.abort();
      await Promise.all(watches);
      if (failures.length) throw new AggregateError(failures, 'a deletion watch failed');
    },
  };
}
