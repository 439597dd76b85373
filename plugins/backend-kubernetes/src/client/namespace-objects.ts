/**
 * The calls every store makes on the two kinds the backend keeps (Secrets and Leases) in its one
 * namespace: get, create (fails over an existing name), replace conditional on a resourceVersion,
 * delete (optionally conditional), and list by label selector — whole objects or metadata only.
 * Outcomes a store decides on (exists, conflict, missing) are answers; everything else is a coded
 * `BACKEND_FAILED` that says what to do.
 */
import { isKusionError, KusionError } from '@kusion/sdk';
import { isRecord, KubeApiError } from './api-error.js';
import type { KubeTransport } from './transport.js';

export type ObjectKind = 'secrets' | 'leases';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Secret or a Lease as JSON: the fields the stores read are checked where they are read. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

export interface NamespaceObjects {
  readonly namespace: string;
  /** `Secret kusion-system/kusion-release-…`, for messages. */
  describe(kind: ObjectKind, name: string): string;
  get(kind: ObjectKind, name: string): Promise<KubeObject | undefined>;
  /** `exists` when the name is taken. */
  create(kind: ObjectKind, object: KubeObject): Promise<KubeObject | 'exists'>;
  /** Conditional on `object.metadata.resourceVersion`. */
  replace(kind: ObjectKind, object: KubeObject): Promise<KubeObject | 'conflict' | 'missing'>;
  /** Conditional on `resourceVersion` when given. */
  delete(
    kind: ObjectKind,
    name: string,
    resourceVersion?: string,
  ): Promise<'deleted' | 'missing' | 'conflict'>;
  /** Every object matching `labelSelector`; with `isMetadataOnly`, only their metadata. */
  list(
    kind: ObjectKind,
    labelSelector: string,
    options?: { readonly isMetadataOnly?: boolean },
  ): Promise<KubeObject[]>;
  /** Creates the namespace unless it exists. */
  ensureNamespace(): Promise<void>;
  close(): void;
}

const KINDS: Readonly<Record<ObjectKind, { base: string; kind: string }>> = {
  secrets: { base: '/api/v1', kind: 'Secret' },
  leases: { base: '/apis/coordination.k8s.io/v1', kind: 'Lease' },
};

const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const PAGE_SIZE = '500';

export function createNamespaceObjects(
  transport: KubeTransport,
  namespace: string,
  source: string,
): NamespaceObjects {
  const collection = (kind: ObjectKind): string =>
    `${KINDS[kind].base}/namespaces/${encodeURIComponent(namespace)}/${kind}`;
  const path = (kind: ObjectKind, name: string): string =>
    `${collection(kind)}/${encodeURIComponent(name)}`;
  const describe = (kind: ObjectKind, name: string): string =>
    `${KINDS[kind].kind} ${namespace}/${name}`;
  const fail = (error: unknown, action: string): KusionError =>
    backendError(error, action, { namespace, server: transport.server, source });

  return {
    namespace,
    describe,

    async get(kind, name) {
      try {
        return asObject(await transport.request('GET', path(kind, name)));
      } catch (error) {
        if (error instanceof KubeApiError && error.isNotFound && !error.isNamespaceMissing)
          return undefined;
        throw fail(error, `read ${describe(kind, name)}`);
      }
    },

    async create(kind, object) {
      try {
        return written(await transport.request('POST', collection(kind), { body: object }));
      } catch (error) {
        if (error instanceof KubeApiError && error.isAlreadyExists) return 'exists';
        throw fail(error, `create ${describe(kind, object.metadata.name)}`);
      }
    },

    async replace(kind, object) {
      try {
        return written(
          await transport.request('PUT', path(kind, object.metadata.name), { body: object }),
        );
      } catch (error) {
        if (error instanceof KubeApiError) {
          if (error.isConflict) return 'conflict';
          if (error.isNotFound && !error.isNamespaceMissing) return 'missing';
        }
        throw fail(error, `replace ${describe(kind, object.metadata.name)}`);
      }
    },

    async delete(kind, name, resourceVersion) {
      try {
        await transport.request('DELETE', path(kind, name), {
          body: {
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            ...(resourceVersion === undefined ? {} : { preconditions: { resourceVersion } }),
          },
        });
        return 'deleted';
      } catch (error) {
        if (error instanceof KubeApiError) {
          if (error.isConflict) return 'conflict';
          if (error.isNotFound && !error.isNamespaceMissing) return 'missing';
        }
        throw fail(error, `delete ${describe(kind, name)}`);
      }
    },

    async list(kind, labelSelector, options = {}) {
      const items: KubeObject[] = [];
      let continueToken: string | undefined;
      try {
        do {
          const page = await transport.request('GET', collection(kind), {
            query: {
              labelSelector,
              limit: PAGE_SIZE,
              ...(continueToken ? { continue: continueToken } : {}),
            },
            ...(options.isMetadataOnly ? { accept: `${METADATA_ONLY},application/json` } : {}),
          });
          const list = isRecord(page) ? page : {};
          for (const item of Array.isArray(list['items']) ? list['items'] : []) {
            const object = asObject(item);
            if (object) items.push(object);
          }
          const metadata = isRecord(list['metadata']) ? list['metadata'] : {};
          continueToken =
            typeof metadata['continue'] === 'string' && metadata['continue'] !== ''
              ? metadata['continue']
              : undefined;
        } while (continueToken !== undefined);
      } catch (error) {
        throw fail(error, `list ${KINDS[kind].kind}s in namespace ${namespace} (${labelSelector})`);
      }
      return items;
    },

    async ensureNamespace() {
      try {
        await transport.request('POST', '/api/v1/namespaces', {
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        });
      } catch (error) {
        if (error instanceof KubeApiError && error.isAlreadyExists) return;
        throw fail(error, `create the namespace ${namespace}`);
      }
    },

    close: () => {
      transport.close();
    },
  };
}

/** What a create or replace answered: the object as stored (with its new resourceVersion). */
function written(value: unknown): KubeObject {
  const object = asObject(value);
  if (object) return object;
  throw new KusionError(
    'BACKEND_FAILED',
    'kubernetes backend: the API server answered a write with no object',
    {
      hint: 'check that the kubeconfig points at a Kubernetes API server, not a proxy that rewrites answers',
    },
  );
}

function asObject(value: unknown): KubeObject | undefined {
  if (!isRecord(value) || !isRecord(value['metadata'])) return undefined;
  return value as unknown as KubeObject;
}

/** A failure that is not an answer the stores decide on, as a coded error saying what to do. */
export function backendError(
  error: unknown,
  action: string,
  where: { readonly namespace: string; readonly server: string; readonly source: string },
): KusionError {
  if (isKusionError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  let hint = `check the kubernetes backend settings in $KUSION_HOME/config.yaml (kubeconfig: ${where.source}) and that ${where.server} is up`;
  if (error instanceof KubeApiError) {
    if (error.isNamespaceMissing) {
      hint = `create it (\`kubectl create namespace ${where.namespace}\`), set createNamespace: true in the backend's configs, or name another namespace`;
    } else if (error.status === 401) {
      hint = `the API server refused the credentials of ${where.source}: log in again or renew the token`;
    } else if (error.status === 403) {
      hint = `grant the Role in the README of @kusion/backend-kubernetes (get, list, create, update, delete on secrets and leases in namespace ${where.namespace}) to this user or service account`;
    } else if (error.status === 413 || error.reason === 'RequestEntityTooLarge') {
      hint = 'the object is larger than the API server accepts (about 1.5 MiB per request)';
    }
  }
  return new KusionError(
    'BACKEND_FAILED',
    `kubernetes backend: cannot ${action} on ${where.server}: ${message}`,
    { hint, cause: error },
  );
}
