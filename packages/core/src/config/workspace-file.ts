/** Reading a workspace file (`kusion workspace create <name> -f <file>`). */
import type { Workspace } from '@kusion/sdk';
import { assertValidSource } from './schema-validation.js';
import { readUserYamlFile } from './yaml-source.js';

/**
 * Reads and validates a workspace file; every problem in one `ConfigError`. The name comes from
 * the command line, not the file.
 */
export async function loadWorkspaceFile(path: string, name: string): Promise<Workspace> {
  const source = await readUserYamlFile(
    path,
    'pass the path of a workspace YAML file (providers, modules, secretStore, context)',
  );
  // An empty file is an empty workspace.
  const settings = { ...source, value: source.value ?? {} };
  await assertValidSource('workspace', settings);
  return { ...(settings.value as Omit<Workspace, 'name'>), name };
}
