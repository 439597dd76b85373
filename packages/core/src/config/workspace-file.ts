/** Reading a workspace file (`kusion workspace create <name> -f <file>`). */
import { resolve } from 'node:path';
import { ConfigError, type Workspace } from '@kusion/sdk';
import { displayPath } from './display-path.js';
import { isNotFound } from './file-system.js';
import { assertValidSource } from './schema-validation.js';
import type { SourceFile } from './source-file.js';
import { readYamlSource } from './yaml-source.js';

/**
 * Reads and validates a workspace file; every problem in one `ConfigError`. The name comes from
 * the command line, not the file.
 */
export async function loadWorkspaceFile(path: string, name: string): Promise<Workspace> {
  const absolutePath = resolve(path);
  let source: SourceFile;
  try {
    source = await readYamlSource(absolutePath);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new ConfigError([{ file: displayPath(absolutePath), message: 'file not found' }], {
      cause: error,
      hint: 'pass the path of a workspace YAML file (providers, modules, secretStore, context)',
    });
  }
  // An empty file is an empty workspace.
  const settings = { ...source, value: source.value ?? {} };
  await assertValidSource('workspace', settings);
  return { ...(settings.value as Omit<Workspace, 'name'>), name };
}
