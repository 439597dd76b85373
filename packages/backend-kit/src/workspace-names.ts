/** Every backend stores a workspace as `<name>.yaml` in a workspaces folder, and lists that folder. */
import { assertWorkspaceName } from './path-segment.js';

const WORKSPACE_SUFFIX = '.yaml';

/** The name of a workspace's record in the workspaces folder; fails for an unsafe name. */
export function workspaceFileName(name: string): string {
  return `${assertWorkspaceName(name)}${WORKSPACE_SUFFIX}`;
}

/** The workspace names among the names in the workspaces folder, sorted. */
export function workspaceNamesIn(names: Iterable<string>): string[] {
  return [...names]
    .filter((name) => name.endsWith(WORKSPACE_SUFFIX) && !name.startsWith('.'))
    .map((name) => name.slice(0, -WORKSPACE_SUFFIX.length))
    .sort();
}
