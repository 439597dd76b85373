/** Test helpers: a throwaway project folder and a test provider configured inside it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentIoHost } from '@kusion/sdk';
import type {
  ApplyOptions,
  Attributes,
  BatchProvider,
  Provider,
  ResourceProvider,
  ProviderContext,
  RequestBase,
  Resource,
} from '@kusion/sdk';
import { createTestProvider } from '../src/test-provider/create-test-provider.js';

export interface TempProject {
  readonly dir: string;
  readonly context: ProviderContext;
  remove(): Promise<void>;
}

export async function createTempProject(): Promise<TempProject> {
  const dir = await mkdtemp(join(tmpdir(), 'kusion-testkit-'));
  return {
    dir,
    context: { project: 'demo', stack: 'dev', workspace: 'test', projectDir: dir },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A test provider made by its factory, as the engine makes it. */
export async function configuredTestProvider(
  settings: Attributes,
  context: ProviderContext,
): Promise<Provider> {
  return createTestProvider({ settings, context });
}

/** The test provider of the resource kind (settings without `batch: true`). */
export async function resourceTestProvider(
  settings: Attributes,
  context: ProviderContext,
): Promise<ResourceProvider> {
  const provider = await createTestProvider({ settings, context });
  if (provider.kind !== 'resource') throw new Error('expected the resource kind: drop batch: true');
  return provider;
}

/** The test provider of the batch kind. */
export async function batchTestProvider(
  settings: Attributes,
  context: ProviderContext,
): Promise<BatchProvider> {
  const provider = await createTestProvider({ settings: { ...settings, batch: true }, context });
  if (provider.kind !== 'batch') throw new Error('expected the batch kind');
  return provider;
}

export const APPLY_OPTIONS: ApplyOptions = { watch: false, forceConflicts: false };

/** The fields every request carries. */
export function requestBase(
  context: ProviderContext,
  signal: AbortSignal = new AbortController().signal,
): RequestBase {
  return { signal, io: silentIoHost, context };
}

export function testResource(
  id: string,
  attributes: Attributes,
  extensions?: Attributes,
): Resource {
  return extensions
    ? { id, type: 'Test', attributes, extensions }
    : { id, type: 'Test', attributes };
}
