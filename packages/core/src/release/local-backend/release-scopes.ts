/**
 * The scopes with releases under `<home>/releases/<project>/<workspace>/`: our stack folders, and
 * the stacks KusionStack Kusion's `.metadata.yml` names there.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReleaseScope, ReleaseScopeFilter } from '@kusion/sdk';
import { hasErrorCode } from './atomic-file.js';
import type { KusionReleaseReader } from '@kusion/backend-kit';

async function folders(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT') || hasErrorCode(error, 'ENOTDIR')) return [];
    throw error;
  }
}

export async function listReleaseScopes(
  home: string,
  kusion: KusionReleaseReader | undefined,
  filter: ReleaseScopeFilter = {},
): Promise<ReleaseScope[]> {
  const root = join(home, 'releases');
  const scopes: ReleaseScope[] = [];
  const projects = filter.project === undefined ? await folders(root) : [filter.project];
  for (const project of projects) {
    const workspaces =
      filter.workspace === undefined ? await folders(join(root, project)) : [filter.workspace];
    for (const workspace of workspaces) {
      const stacks = new Set(await folders(join(root, project, workspace)));
      for (const stack of (await kusion?.stacks({ project, workspace })) ?? []) stacks.add(stack);
      for (const stack of [...stacks].sort()) scopes.push({ project, workspace, stack });
    }
  }
  return scopes;
}
