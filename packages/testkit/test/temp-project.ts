/** Test helpers: a throwaway project folder and a test provider configured inside it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentIoHost } from '@kusion/sdk';
import type {
  ApplyOptions,
  Attributes,
  Provider,
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

export async function configuredTestProvider(
  settings: Attributes,
  context: ProviderContext,
): Promise<Provider> {
  const provider = createTestProvider();
  await provider.configure?.({
    settings,
    context,
    io: silentIoHost,
    signal: new AbortController().signal,
  });
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
