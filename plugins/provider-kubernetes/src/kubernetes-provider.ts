/**
 * The Kubernetes provider: resources of type `Kubernetes` whose attributes are whole manifests,
 * applied with server-side apply, previewed with its dry run, waited for with the watch API.
 */
import type { Provider } from '@kusion/sdk';
import { ProviderError } from '@kusion/sdk';
import { applyResource } from './apply/apply-resource.js';
import { deleteResource } from './apply/delete-resource.js';
import { createRestMapper } from './client/discovery.js';
import { createKubeObjects } from './client/kube-objects.js';
import type { ApiRequestInfo, KubeTransport } from './client/transport.js';
import { createKubeTransport } from './client/transport.js';
import { loadKubeConfig } from './kubeconfig.js';
import { validateResource } from './manifest/resource-id.js';
import { inferDependencies, KUBERNETES_TYPE } from './ordering/infer-dependencies.js';
import { planResource } from './plan/plan-resource.js';
import { readResource, readResources } from './read/read-live.js';
import { watchReadiness } from './readiness/watch-readiness.js';
import type { RunContext } from './run-context.js';
import { parseSettings } from './settings.js';

export interface KubernetesProviderOptions {
  /** Called before every API request: for request counts in tests and benchmarks. */
  readonly onRequest?: ((request: ApiRequestInfo) => void) | undefined;
}

/** An unconfigured provider; the engine calls `configure` with the workspace settings first. */
export function createKubernetesProvider(options: KubernetesProviderOptions = {}): Provider {
  let run: RunContext | undefined;
  let transport: KubeTransport | undefined;
  let defaultNamespace = 'default';
  const closing = new AbortController();
  const kindsDefinedInSpec = new Set<string>();

  const connected = (): RunContext => {
    if (!run) {
      throw new ProviderError('the kubernetes provider is not configured', {
        hint: 'the engine calls configure() first; in tests, call provider.configure({ settings, ... })',
      });
    }
    return run;
  };

  return {
    configure({ settings, context }) {
      const loaded = loadKubeConfig(parseSettings(settings), context.projectDir);
      defaultNamespace = loaded.defaultNamespace;
      transport = createKubeTransport(loaded.kubeConfig, options.onRequest);
      const objects = createKubeObjects(
        transport,
        createRestMapper(transport),
        loaded.defaultNamespace,
      );
      run = {
        objects,
        lastSeen: new Map(),
        justApplied: new Map(),
        absentNamespaces: new Set(),
        kindsDefinedInSpec,
        closing: closing.signal,
      };
      return Promise.resolve();
    },

    validate({ resources }) {
      return Promise.resolve(
        resources.filter((r) => r.type === KUBERNETES_TYPE).flatMap(validateResource),
      );
    },

    inferDependencies({ resources }) {
      const inferred = inferDependencies(resources, defaultNamespace);
      for (const kind of inferred.kindsDefinedInSpec) kindsDefinedInSpec.add(kind);
      return inferred.edges;
    },

    async read({ resource, signal }) {
      return { live: await readResource(connected(), resource, signal) };
    },

    readMany({ items, signal }) {
      return readResources(
        connected(),
        items.map((item) => item.resource),
        signal,
      );
    },

    plan(request) {
      return planResource(connected(), request);
    },

    apply(request) {
      return applyResource(connected(), request);
    },

    delete(request) {
      return deleteResource(connected(), request);
    },

    watch(request) {
      return watchReadiness(connected(), request);
    },

    async close() {
      closing.abort();
      await transport?.close();
    },
  };
}
