/**
 * What the integration tests share: a configured provider on the test peer, requests as the
 * engine sends them, a namespace per test file, and a kubectl for the other field manager.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { silentIoHost } from '@kusion/sdk';
import type {
  ApplyOptions,
  Attributes,
  PlanResult,
  ResourceProvider,
  ProviderContext,
  ReadinessStatus,
  Resource,
  ResourceState,
} from '@kusion/sdk';
import { createKubernetesProvider } from '../src/index.js';
import type { ApiRequestInfo } from '../src/index.js';

export const context: ProviderContext = {
  project: 'provider-kubernetes',
  stack: 'test',
  workspace: 'test',
  projectDir: process.cwd(),
};

export const OPTIONS: ApplyOptions = { watch: true, forceConflicts: false };

export function kubeconfigPath(): string {
  return inject('kubeconfigPath');
}

export interface TestProvider {
  readonly provider: ResourceProvider;
  /** Every API request made so far. */
  readonly requests: ApiRequestInfo[];
}

export function createProvider(): Promise<TestProvider> {
  const requests: ApiRequestInfo[] = [];
  const provider = createKubernetesProvider(
    { settings: { kubeconfig: kubeconfigPath() }, context },
    { onRequest: (request) => requests.push(request) },
  );
  return Promise.resolve({ provider, requests });
}

const base = () => ({ signal: new AbortController().signal, io: silentIoHost, context });

/** A resource as a Spec holds it, with its Kusion id. */
export function kubernetesResource(manifest: Attributes, extra: Partial<Resource> = {}): Resource {
  const metadata = manifest['metadata'] as { name: string; namespace?: string };
  const id = metadata.namespace
    ? `${String(manifest['apiVersion'])}:${String(manifest['kind'])}:${metadata.namespace}:${metadata.name}`
    : `${String(manifest['apiVersion'])}:${String(manifest['kind'])}:${metadata.name}`;
  return { id, type: 'Kubernetes', attributes: manifest, ...extra };
}

export async function read(
  provider: ResourceProvider,
  resource: Resource,
): Promise<Attributes | undefined> {
  return (await provider.read({ ...base(), resource })).live;
}

export function plan(
  provider: ResourceProvider,
  resource: Resource,
  live: Attributes | undefined,
  options: Partial<ApplyOptions> = {},
  facts?: Attributes,
): Promise<PlanResult> {
  return provider.plan({
    ...base(),
    resource,
    live,
    unknownPaths: [],
    options: { ...OPTIONS, ...options },
    facts,
  });
}

export async function apply(
  provider: ResourceProvider,
  resource: Resource,
  options: Partial<ApplyOptions> & { reports?: string[] } = {},
): Promise<ResourceState> {
  const { reports = [], ...rest } = options;
  const result = await provider.apply({
    ...base(),
    resource,
    action: 'Create',
    options: { ...OPTIONS, ...rest },
    report: (status) => reports.push(status),
  });
  return { ...resource, attributes: result.attributes };
}

export async function remove(
  provider: ResourceProvider,
  state: ResourceState,
  options: Partial<ApplyOptions> & { reports?: string[] } = {},
): Promise<void> {
  const { reports = [], ...rest } = options;
  await provider.delete({
    ...base(),
    resource: state,
    options: { ...OPTIONS, ...rest },
    report: (s) => reports.push(s),
  });
}

/** Every readiness observation until ready or failed, or until `timeoutMs` passes. */
export async function watch(
  provider: ResourceProvider,
  state: ResourceState,
  timeoutMs = 20_000,
): Promise<ReadinessStatus[]> {
  const statuses: ReadinessStatus[] = [];
  if (!provider.watch) return statuses;
  const signal = AbortSignal.timeout(timeoutMs);
  for await (const status of provider.watch({
    ...base(),
    signal,
    resource: state,
    options: OPTIONS,
  })) {
    statuses.push(status);
    if (status.isReady || status.isFailed) break;
  }
  return statuses;
}

const run = promisify(execFile);

/** kubectl against the test peer (as another field manager, or to look behind the provider's back). */
export async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfigPath(), ...args], {
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}

/** A fresh namespace for one test file, created with kubectl. */
export async function createNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  await kubectl('create', 'namespace', name);
  return name;
}
