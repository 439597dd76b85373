/**
 * KusionStack Kusion's list of workspaces, `.metadata.yml` beside its `<name>.yaml` workspace
 * records in every Kusion backend (kusion `pkg/workspace/storages/util.go`, `workspacesMetaData`):
 *
 * ```
 * current: dev                 the selected workspace
 * availableWorkspaces:         every workspace Kusion knows; its `Get` refuses any other name
 *     - default
 *     - dev
 * ```
 *
 * A workspace record itself is Kusion's `Workspace` (`modules`, `secretStore`, `context`; the
 * name is the record's), which `workspaceFromDocument` reads like ours.
 */
import { kusionCorruptError, parseKusionDocument } from './kusion-document.js';
import { isWorkspaceName } from './path-segment.js';
import type { StoredRecordPlace } from './stored-record.js';
import { parseCurrentWorkspace } from './workspace-codec.js';

export interface KusionWorkspacesMetadata {
  /** Undefined when Kusion selected none. */
  readonly current: string | undefined;
  /**
   * The workspaces Kusion knows, in its order; names no workspace of ours could have (`a/b`,
   * `.hidden`) are left out, as nothing could address them.
   */
  readonly available: readonly string[];
}

export const NO_KUSION_WORKSPACES: KusionWorkspacesMetadata = { current: undefined, available: [] };

/** The metadata, or none when Kusion never wrote it (`text` undefined). */
export async function parseKusionWorkspacesMetadata(
  text: string | undefined,
  place: StoredRecordPlace,
): Promise<KusionWorkspacesMetadata> {
  if (text === undefined) return NO_KUSION_WORKSPACES;
  const value = await parseKusionDocument(text, place);
  const { current, availableWorkspaces } = value;
  if (current !== undefined && current !== null && typeof current !== 'string') {
    throw kusionCorruptError(place, `"current" is ${JSON.stringify(current)}, not a name`);
  }
  if (availableWorkspaces !== undefined && !Array.isArray(availableWorkspaces)) {
    throw kusionCorruptError(place, '"availableWorkspaces" is not a list');
  }
  const names = (availableWorkspaces ?? []) as unknown[];
  return {
    current: parseCurrentWorkspace(current ?? undefined, place.where),
    available: [
      ...new Set(
        names.filter((name): name is string => typeof name === 'string' && isWorkspaceName(name)),
      ),
    ],
  };
}
